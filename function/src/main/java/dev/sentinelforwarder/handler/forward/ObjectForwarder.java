package dev.sentinelforwarder.handler.forward;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.TimeBudget;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.KeyOrigin;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.handler.cost.FailureCosts;
import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.handler.report.MessageLog;
import dev.sentinelforwarder.handler.report.ObjectLine;
import dev.sentinelforwarder.handler.report.Outcome;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.notification.Resume;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.queue.Heartbeat;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.sink.FailureScope;
import dev.sentinelforwarder.sink.ObjectUpload;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.ObjectAccessException;
import dev.sentinelforwarder.source.ObjectChangedException;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.source.ObjectStream;
import dev.sentinelforwarder.source.OpenedObject;
import dev.sentinelforwarder.source.S3ObjectSource;
import dev.sentinelforwarder.table.Tables;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Forwards one object: claim it in the ledger, open it in S3, read, map and send the records not yet
 * settled, quarantine what cannot be sent, and settle: complete, or hand the rest on (when time runs short,
 * or after a failure part-way, with a delay), or fail the message. Writes the object's one log line.
 */
public final class ObjectForwarder {

    private final ForwarderConfig config;
    private final S3ObjectSource source;
    private final Uploaders uploaders;
    private final Quarantine quarantine;
    private final MessageQueue queue;
    private final ObjectLedger ledger;
    private final Metrics metrics;
    private final ObjectConverter converter;

    public ObjectForwarder(ForwarderConfig config, S3ObjectSource source, Uploaders uploaders, Quarantine quarantine, MessageQueue queue,
            ObjectLedger ledger, Metrics metrics) {
        this.config = config;
        this.source = source;
        this.uploaders = uploaders;
        this.quarantine = quarantine;
        this.queue = queue;
        this.ledger = ledger;
        this.metrics = metrics;
        this.converter = new ObjectConverter(config.cloudWatchCustomColumns(), config.limits(), config.filters());
    }

    /**
     * The uploader of the destination and data collection rule {@code object}'s rows go to: the resume message's, which its
     * first rows went to, or the routing's; empty when that destination is not configured (any more).
     */
    public Optional<Uploader> uploaderOf(ObjectRef object, Resume resume) {
        return uploaders.forObject(object, wantedDestination(object, resume));
    }

    private String wantedDestination(ObjectRef object, Resume resume) {
        return resume != null && resume.destination() != null ? resume.destination() : config.destinationFor(object.bucket(), object.key());
    }

    /** @param resume the resume message this attempt continues, or null for a notification */
    public Outcome forward(SQSEvent.SQSMessage message, ObjectRef object, Resume resume, Deadline deadline, MessageLog log) {
        ObjectLine line = new ObjectLine(message.getMessageId(), object, config, metrics);
        RecordRanges done = resume == null ? RecordRanges.NONE : resume.done();
        int attempt = resume == null ? 0 : resume.attempt();
        String destination = wantedDestination(object, resume);
        if (resume != null) {
            line.put("resumedAfter", done.count()).put("attempt", attempt);
        }
        if (quarantine.holds(object.key())) {
            log.info("object passed over: it is one of the forwarder's own quarantine objects", line.fields());
            metrics.add(MetricNames.ALL, MetricNames.QUARANTINE_OBJECTS_PASSED_OVER, 1);
            return Outcome.DONE;
        }
        if (!config.allowed().allows(object.bucket(), object.key())) {
            line.put("allowed", config.allowed().toString());
            log.error("object refused: its bucket and key are not in ALLOWED_BUCKETS", line.fields());
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_REFUSED, 1);
            return Outcome.FAILED;
        }
        if (ledger != null) {
            ObjectLedger.Claim claim = ledger.claim(object, resume == null ? null : resume.handOff(), deadline, destination);
            switch (claim.status()) {
                case ALREADY_FORWARDED, HANDED_ON -> {
                    metrics.add(MetricNames.ALL, MetricNames.DUPLICATES_SKIPPED, 1);
                    log.info(claim.status() == ObjectLedger.Status.ALREADY_FORWARDED
                            ? "object passed over: this version was forwarded completely before"
                            : "object passed over: it was handed on to a resume message, which finishes it", line.fields());
                    return Outcome.DONE;
                }
                case BUSY -> {
                    metrics.add(MetricNames.ALL, MetricNames.OBJECTS_BUSY_ELSEWHERE, 1);
                    log.info("object is being forwarded by another invocation; the message will come back", line.fields());
                    return Outcome.FAILED;
                }
                case CLAIMED -> {
                }
            }
            done = done.union(claim.done());
            destination = claim.destination(); // the first claim's: where the object's first rows went
        }
        Optional<Uploader> uploader = uploaders.forObject(object, destination);
        if (uploader.isEmpty()) {
            line.put("destination", destination);
            settleLedger(object, false, done, line);
            log.error("object not forwarded: its rows go to destination " + destination + ", where its first rows went, which is"
                    + " not configured any more; add it back to DESTINATIONS until its messages are done (the DLQ keeps them)",
                    line.fields());
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_FAILED, 1);
            return Outcome.FAILED;
        }
        line.route(uploader.get());
        OpenedObject opened;
        try {
            opened = source.open(object, resume == null ? null : resume.eTag());
        } catch (ObjectChangedException e) {
            line.put("reason", e.getMessage());
            settleLedger(object, true, done, line);
            log.info("object not resumed: it changed since it was first read", line.fields());
            return Outcome.DONE;
        } catch (ObjectAccessException e) {
            line.put("reason", e.getMessage());
            settleLedger(object, false, done, line);
            log.error("object could not be read", line.fields());
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_FAILED, 1);
            return Outcome.FAILED;
        }
        return read(message, object, opened, done, attempt, uploader.get(), deadline, line, log);
    }

    private Outcome read(SQSEvent.SQSMessage message, ObjectRef object, OpenedObject opened, RecordRanges done,
            int attempt, Uploader uploader, Deadline deadline, ObjectLine line, MessageLog log) {
        String destination = uploader.destination().name();
        ObjectQuarantine quarantined = quarantine.open(object, opened.eTag(), destination);
        ObjectUpload upload = new ObjectUpload(uploader, config.rowFormat(), table -> config.streamFor(Tables.typeOf(table)), deadline,
                TimeBudget.WRAP_UP, quarantined);
        boolean canHandOn = queue != null && message.getEventSourceArn() != null;
        ObjectConverter.Window window = new ObjectConverter.Window(done,
                () -> upload.failed() || (canHandOn && deadline.within(config.timeMargin())));
        AccountCheck accounts = new AccountCheck(destination, account -> config.destinationFor(object.bucket(), object.key(), account),
                KeyOrigin.of(object.key()).account(), config.quarantineOtherAccounts(), upload, upload::problem);
        ObjectReport report = null;
        Throwable readError = null;
        try (InputStream content = new ObjectStream(opened.content(), object.uri(), deadline, TimeBudget.READING_ENDS);
                Heartbeat ignored = heartbeat(message, deadline, log)) {
            LogType routed = config.routing().typeFor(object.key()).orElse(null);
            report = converter.convert(object.uri(), object.key(), content,
                    source.ranges(object, opened, deadline, TimeBudget.READING_ENDS), routed, opened.lastModified(), accounts,
                    upload::problem, window);
        } catch (Throwable e) {
            // S3 stopped sending, time ran out, or something unforeseen: what was settled stays settled.
            readError = e;
        }
        ObjectUpload.Result result = upload.finish();
        long runEnd = report != null && report.stoppedAt() >= 0 ? report.stoppedAt() : upload.next();
        RecordRanges settled = RecordRanges.span(0, runEnd, result.holes()).union(done);
        boolean complete = readError == null && report.stoppedAt() < 0 && result.settled();
        line.accounts(accounts.count(), accounts.first());
        line.report(report, result, quarantined);
        if (readError != null) {
            line.put("error", "reading stopped: " + Failures.chain(readError));
            if (!(readError instanceof java.io.IOException)) {
                line.put("at", Failures.frames(readError));
            }
        }
        Outcome outcome;
        if (complete) {
            settleLedger(object, true, settled, line);
            outcome = Outcome.DONE;
        } else {
            outcome = goOn(message, object, opened.eTag(), done, settled, attempt, destination,
                    result.failure() == null && readError == null, line);
        }
        line.log(log, outcome, quarantined.entries());
        return result.failure() != null && result.failure().scope() != FailureScope.REQUEST
                ? outcome.stopping(result.failure().reason(), result.failure().scope(), uploader) : outcome;
    }

    /** Hands the rest on, or fails the message, as {@link FailureCosts#afterRun} decides. */
    private Outcome goOn(SQSEvent.SQSMessage message, ObjectRef object, String eTag, RecordRanges before, RecordRanges settled,
            int attempt, String destination, boolean outOfTime, ObjectLine line) {
        RecordRanges handedOn = settled.bounded();
        boolean progress = handedOn.count() > before.count();
        boolean canHandOn = queue != null && message.getEventSourceArn() != null;
        if (FailureCosts.afterRun(canHandOn, outOfTime, progress, attempt, config.retryDelay()) instanceof FailureCosts.AfterRun.HandOn(
                int next, Duration delay)) {
            String token = ledger == null ? null : UUID.randomUUID().toString();
            Resume resume = new Resume(object, eTag, handedOn, next, token, destination);
            try {
                queue.send(message.getEventSourceArn(), resume.toJson(), delay, groupOf(message));
            } catch (RuntimeException e) {
                line.put("handOnError", "could not hand the rest on: " + Failures.chain(e));
                settleLedger(object, false, settled, line);
                return Outcome.FAILED;
            }
            line.handedOn(handedOn, next, delay);
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_HANDED_ON, 1);
            if (ledger != null) {
                try {
                    // After the send: while the token is in the ledger, the message that will finish the object exists.
                    ledger.handedOn(object, handedOn, token);
                } catch (RuntimeException e) {
                    // The resume message waits until this claim expires, then goes on from what it carries.
                    line.put("ledgerError", Failures.chain(e));
                }
            }
            return outOfTime ? Outcome.HANDED_ON : Outcome.RETRY_HANDED_ON;
        }
        settleLedger(object, false, settled, line);
        return Outcome.FAILED;
    }

    /**
     * Records the outcome in the ledger. A ledger that cannot be written does not undo a delivery: the object
     * is done (a later duplicate may send it again), or its message fails as it would anyway.
     */
    private void settleLedger(ObjectRef object, boolean completed, RecordRanges settled, ObjectLine line) {
        if (ledger == null) {
            return;
        }
        try {
            if (completed) {
                ledger.completed(object);
            } else {
                ledger.release(object, settled.bounded());
            }
        } catch (RuntimeException e) {
            line.put("ledgerError", Failures.chain(e));
        }
    }

    private static String groupOf(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
    }

    private Heartbeat heartbeat(SQSEvent.SQSMessage message, Deadline deadline, MessageLog log) {
        if (queue == null || message.getEventSourceArn() == null || message.getReceiptHandle() == null) {
            return null;
        }
        return Heartbeat.start(queue, message.getEventSourceArn(), message.getReceiptHandle(), deadline, config.heartbeat(),
                e -> log.warn("could not extend the message's visibility", LogFields.of("messageId", message.getMessageId(),
                        "error", e.getMessage())));
    }
}
