package dev.sentinelforwarder.handler.replay;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.TimeBudget;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.KeyOrigin;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.handler.forward.AccountCheck;
import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.handler.report.MessageLog;
import dev.sentinelforwarder.handler.report.Outcome;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.quarantine.QuarantineEntries;
import dev.sentinelforwarder.sink.ObjectUpload;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.ObjectAccessException;
import dev.sentinelforwarder.source.ObjectChangedException;
import dev.sentinelforwarder.source.ObjectMissingException;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.source.ObjectStream;
import dev.sentinelforwarder.source.OpenedObject;
import dev.sentinelforwarder.source.S3ObjectSource;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowJson;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Sends again what one quarantine object holds, once its cause is fixed: rows the service refused are sent as they
 * were kept, and records that could not be read are read again from their source object with today's readers, to the
 * destination the object's rows went to. What is refused or unreadable again is quarantined again, with today's
 * reason and the replay's number, so the quarantine object a replay rewrites changes and a later replay is not passed
 * over as done. The ledger holds the quarantine object's version as it holds a log object's: a replay delivered whole
 * is passed over the next time, and one cut short goes on from the records it settled.
 *
 * <p>The entries are read back as what they are: text in a bucket others may write to. Entries that name a source
 * outside ALLOWED_BUCKETS, in another bucket, in the quarantine, or that the quarantine object's key does not belong
 * to cost themselves (refused, counted, logged); a source that changed since its entries were written (another ETag)
 * or no longer exists costs its entries too: they stay in the quarantine object, with their content, and the replay ends.
 */
public final class QuarantineReplay {
    private final ForwarderConfig config;
    private final S3ObjectSource source;
    private final Uploaders uploaders;
    private final Quarantine quarantine;
    private final ObjectLedger ledger;
    private final Metrics metrics;
    private final ObjectConverter converter;

    public QuarantineReplay(ForwarderConfig config, S3ObjectSource source, Uploaders uploaders, Quarantine quarantine, ObjectLedger ledger,
            Metrics metrics) {
        this.config = config;
        this.source = source;
        this.uploaders = uploaders;
        this.quarantine = quarantine;
        this.ledger = ledger;
        this.metrics = metrics;
        this.converter = new ObjectConverter(config.cloudWatchCustomColumns(), config.limits(), config.filters());
    }

    public Outcome replay(String messageId, ObjectRef kept, Deadline deadline, MessageLog log) {
        Map<String, Object> line = LogFields.of("messageId", messageId, "bucket", kept.bucket(), "key", kept.key(), "versionId",
                kept.versionId(), "eTag", kept.eTag());
        if (!quarantine.holds(kept.key()) || config.allowed().locations().stream().noneMatch(l -> l.bucket().equals(kept.bucket()))) {
            log.error("replay refused: not a quarantine object of an allowed bucket", line);
            return Outcome.FAILED;
        }
        if (ledger == null) {
            log.error("replay refused: it needs the ledger (LEDGER_TABLE) so that nothing is sent twice", line);
            return Outcome.FAILED;
        }
        ObjectLedger.Claim claim = ledger.claim(kept, null, deadline, null);
        switch (claim.status()) {
            case ALREADY_FORWARDED, HANDED_ON -> {
                log.info("replay passed over: this version of the quarantine object was replayed before", line);
                metrics.add(MetricNames.ALL, MetricNames.DUPLICATES_SKIPPED, 1);
                return Outcome.DONE;
            }
            case BUSY -> {
                log.info("replay is under way in another invocation; the message will come back", line);
                return Outcome.FAILED;
            }
            case CLAIMED -> {
            }
        }
        try {
            return replayClaimed(kept, claim.done(), deadline, line, log);
        } catch (RuntimeException | Error e) {
            release(kept, claim.done(), line); // an unforeseen failure must not hold the claim until it expires
            throw e;
        }
    }

    private Outcome replayClaimed(ObjectRef kept, RecordRanges done, Deadline deadline, Map<String, Object> line, MessageLog log) {
        QuarantineEntries part;
        try {
            part = QuarantineEntries.read(new ObjectStream(source.open(kept, kept.eTag()).content(), kept.uri(), deadline,
                    TimeBudget.READING_ENDS), kept, quarantine.prefix(), (bucket, key) -> config.allowed().allows(bucket, key));
        } catch (ObjectChangedException e) {
            settle(kept, line); // rewritten since the replay was asked for: its new version has a replay of its own
            log.info("replay passed over: the quarantine object changed since the replay was asked for", line);
            return Outcome.DONE;
        } catch (ObjectAccessException | IOException e) {
            release(kept, RecordRanges.NONE, line);
            line.put("error", Failures.chain(e));
            log.error("replay failed: the quarantine object could not be read; the message will be retried, and reach the"
                    + " dead-letter queue if it stays unreadable", line);
            return Outcome.FAILED;
        }
        if (part.refused() > 0) {
            line.put("entriesRefused", part.refused());
            line.put("refusedBecause", part.firstRefusal());
            metrics.add(MetricNames.ALL, MetricNames.REPLAY_ENTRIES_REFUSED, part.refused());
        }
        if (part.origin() == null) {
            settle(kept, line);
            log.error("replay refused: no entry of the quarantine object can be replayed", line);
            return Outcome.DONE;
        }
        String destination = part.destination() != null ? part.destination()
                : config.destinationFor(part.origin().bucket(), part.origin().key());
        Optional<Uploader> uploader = uploaders.forObject(part.origin(), destination);
        line.put("source", part.origin().uri());
        line.put("destination", destination);
        if (uploader.isEmpty()) {
            release(kept, done, line);
            log.error("replay failed: its rows go to destination " + destination + ", where their object's rows went, which is not"
                    + " configured any more; add it back to DESTINATIONS, or the message reaches the dead-letter queue", line);
            return Outcome.FAILED;
        }
        return send(part, kept, done, uploader.get(), deadline, line, log);
    }

    private Outcome send(QuarantineEntries part, ObjectRef kept, RecordRanges done, Uploader uploader, Deadline deadline,
            Map<String, Object> line, MessageLog log) {
        OpenedObject opened = null;
        if (part.rows().isEmpty()) {
            try {
                opened = source.open(part.origin(), part.eTag());
            } catch (ObjectChangedException | ObjectMissingException e) {
                // Reading again cannot give these records back: they stay where they are, with their content.
                settle(kept, line);
                line.put("entriesNotReplayable", part.entries());
                line.put("reason", e.getMessage());
                metrics.add(MetricNames.ALL, MetricNames.REPLAY_ENTRIES_REFUSED, part.entries());
                log.error("replay cannot read these entries again: " + (e instanceof ObjectChangedException
                        ? "their source changed since they were written (a new ETag)" : "their source no longer exists")
                        + "; they stay in the quarantine object, with their content", line);
                return Outcome.DONE;
            } catch (ObjectAccessException e) {
                release(kept, done, line);
                line.put("error", e.getMessage());
                log.error("replay failed: the source of its entries could not be read; the message will be retried, and reach"
                        + " the dead-letter queue if it stays unreadable", line);
                return Outcome.FAILED;
            }
        }
        String destination = uploader.destination().name();
        ObjectQuarantine again = quarantine.open(part.origin(), part.eTag(), destination).replaying(part.replays() + 1);
        ObjectUpload upload = new ObjectUpload(uploader, config.rowFormat(), table -> config.streamFor(Tables.typeOf(table)), deadline,
                TimeBudget.WRAP_UP, again);
        ObjectReport report = null;
        Throwable error = null;
        try {
            if (opened == null) {
                for (QuarantineEntries.Kept row : part.rows()) {
                    if (!done.contains(row.record())) {
                        Row parsed = RowJson.read(row.table(), row.row());
                        upload.accept(parsed, row.record());
                    }
                }
            } else {
                report = reread(part, opened, done, destination, upload, deadline);
            }
        } catch (Throwable e) {
            error = e;
        }
        ObjectUpload.Result result = upload.finish();
        line.put("rowsAccepted", result.delivery().rowsAccepted());
        line.put("quarantinedAgain", again.entries());
        if (report != null) {
            line.put("recordsReadAgain", report.records());
        }
        boolean complete = error == null && result.settled() && (report == null || report.stoppedAt() < 0);
        metrics.add(MetricNames.ALL, MetricNames.ROWS, result.delivery().rowsAccepted());
        metrics.add(MetricNames.ALL, MetricNames.QUARANTINED, again.entries());
        if (complete) {
            settle(kept, line);
            log.info(again.entries() == 0 && part.refused() == 0 ? "quarantine replayed: every entry delivered"
                    : "quarantine replayed: delivered what could be, the rest quarantined again or refused with its reason", line);
            return Outcome.DONE;
        }
        RecordRanges settled = RecordRanges.span(0, upload.next(), result.holes()).union(done);
        release(kept, settled, line);
        line.put("error", error != null ? Failures.chain(error) : result.failure() != null ? result.failure().reason() : "read again in part");
        log.error("replay not finished; the message will come back and go on from what was settled", line);
        return Outcome.FAILED;
    }

    /**
     * The unread records of the part's source, read again from the version and ETag its entries name, through the same
     * account check as a first read: everything else in it counts as done.
     */
    private ObjectReport reread(QuarantineEntries part, OpenedObject opened, RecordRanges done, String destination, ObjectUpload upload,
            Deadline deadline) throws IOException {
        RecordRanges skipped = RecordRanges.span(0, Long.MAX_VALUE, part.unread()).union(done);
        ObjectRef origin = part.origin();
        AccountCheck accounts = new AccountCheck(destination, account -> config.destinationFor(origin.bucket(), origin.key(), account),
                KeyOrigin.of(origin.key()).account(), config.quarantineOtherAccounts(), upload, upload::problem);
        try (InputStream content = new ObjectStream(opened.content(), origin.uri(), deadline, TimeBudget.READING_ENDS)) {
            LogType routed = config.routing().typeFor(origin.key()).orElse(null);
            return converter.convert(origin.uri(), origin.key(), content,
                    source.ranges(origin, opened, deadline, TimeBudget.READING_ENDS), routed, opened.lastModified(), accounts,
                    upload::problem, new ObjectConverter.Window(skipped, () -> upload.failed() || deadline.within(config.timeMargin())));
        }
    }

    private void settle(ObjectRef kept, Map<String, Object> line) {
        try {
            ledger.completed(kept);
        } catch (RuntimeException e) {
            line.put("ledgerError", Failures.chain(e));
        }
    }

    private void release(ObjectRef kept, RecordRanges settled, Map<String, Object> line) {
        try {
            ledger.release(kept, settled.bounded());
        } catch (RuntimeException e) {
            line.put("ledgerError", Failures.chain(e));
        }
    }
}
