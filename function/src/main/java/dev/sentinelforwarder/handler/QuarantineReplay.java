package dev.sentinelforwarder.handler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.Deadline;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.pipeline.TimeBudget;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.sink.ObjectUpload;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.Decompression;
import dev.sentinelforwarder.source.ObjectAccessException;
import dev.sentinelforwarder.source.ObjectChangedException;
import dev.sentinelforwarder.source.ObjectStream;
import dev.sentinelforwarder.source.OpenedObject;
import dev.sentinelforwarder.source.S3ObjectSource;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowAccount;
import dev.sentinelforwarder.table.RowJson;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends again what one quarantine object holds, once its cause is fixed: rows the service refused are sent as they
 * were kept, and records that could not be read are read again from their source object with today's readers. What
 * is refused or unreadable again is quarantined again, with today's reason, under the same key scheme (so the object
 * replayed is usually rewritten, and a later replay finds a new version). The ledger holds the quarantine object's
 * version as it holds a log object's: a replay delivered whole is passed over the next time, and one cut short goes
 * on from the records it settled. A quarantine object holds one part: at most 10,000 entries, or one request's rows.
 */
final class QuarantineReplay {
    private final ForwarderConfig config;
    private final S3ObjectSource source;
    private final Uploaders uploaders;
    private final Quarantine quarantine;
    private final ObjectLedger ledger;
    private final Metrics metrics;
    private final ObjectConverter converter;

    QuarantineReplay(ForwarderConfig config, S3ObjectSource source, Uploaders uploaders, Quarantine quarantine, ObjectLedger ledger,
            Metrics metrics) {
        this.config = config;
        this.source = source;
        this.uploaders = uploaders;
        this.quarantine = quarantine;
        this.ledger = ledger;
        this.metrics = metrics;
        this.converter = new ObjectConverter(config.cloudWatchCustomColumns(), config.limits(), config.filters());
    }

    /** What a quarantine object asks for: the refused rows of one request, or the records of one source object to read again. */
    private record Part(ObjectRef origin, List<Kept> rows, RecordRanges unread) {
    }

    /** A refused row as the quarantine kept it. */
    private record Kept(long record, TableSchema table, String row) {
    }

    Outcome replay(String messageId, ObjectRef kept, Deadline deadline, MessageLog log) {
        Map<String, Object> line = LogFields.of("messageId", messageId, "bucket", kept.bucket(), "key", kept.key(), "eTag", kept.eTag());
        if (!quarantine.holds(kept.key()) || config.allowed().locations().stream().noneMatch(l -> l.bucket().equals(kept.bucket()))) {
            log.error("replay refused: not a quarantine object of an allowed bucket", line);
            return Outcome.FAILED;
        }
        if (ledger == null) {
            log.error("replay refused: it needs the ledger (LEDGER_TABLE) so that nothing is sent twice", line);
            return Outcome.FAILED;
        }
        ObjectLedger.Claim claim = ledger.claim(kept, null, deadline);
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
        Part part;
        try {
            part = read(kept);
        } catch (ObjectChangedException e) {
            ledger.completed(kept); // rewritten since the replay was asked for: its new version has a replay of its own
            log.info("replay passed over: the quarantine object changed since the replay was asked for", line);
            return Outcome.DONE;
        } catch (ObjectAccessException | IOException e) {
            release(kept, RecordRanges.NONE, line);
            line.put("error", Failures.chain(e));
            log.error("replay failed: the quarantine object could not be read", line);
            return Outcome.FAILED;
        }
        return send(part, kept, claim.done(), deadline, line, log);
    }

    /** The entries of the quarantine object, read whole before anything is sent: a replay may rewrite it. */
    private Part read(ObjectRef kept) throws ObjectAccessException, IOException {
        OpenedObject opened = source.open(kept, kept.eTag());
        ObjectRef origin = null;
        List<Kept> rows = new ArrayList<>();
        RecordRanges.Builder unread = new RecordRanges.Builder();
        try (InputStream content = Decompression.open(opened.content());
                BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                Entry entry = Entry.parse(text);
                origin = origin != null ? origin : new ObjectRef(entry.text("bucket"), entry.text("key"), entry.text("versionId"), -1, null);
                long record = Long.parseLong(entry.text("record"));
                if ("ingest".equals(entry.text("stage"))) {
                    TableSchema table = Tables.byName(String.valueOf(entry.text("table")))
                            .orElseThrow(() -> new IOException("a refused row without its table: written before replay existed"));
                    rows.add(new Kept(record, table, entry.row()));
                } else if ("object".equals(entry.text("kind"))) {
                    unread.add(record, Long.MAX_VALUE); // the rest of the object, from where reading stopped
                } else {
                    unread.add(record, record + 1);
                }
            }
        }
        if (origin == null) {
            throw new IOException("the quarantine object holds no entry");
        }
        return new Part(origin, rows, unread.build());
    }

    /** One quarantine entry's fields, the row's JSON text exactly as kept (numbers too: no detour through double). */
    private record Entry(Map<String, String> fields, String row) {
        static Entry parse(String text) throws IOException {
            Map<String, String> fields = new java.util.HashMap<>();
            String row = null;
            try (JsonParser parser = Json.mapper().createParser(text)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("a quarantine entry is a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("row") && value == JsonToken.START_OBJECT) {
                        StringWriter json = new StringWriter();
                        try (JsonGenerator out = Json.mapper().getFactory().createGenerator(json)) {
                            Json.copyExactly(parser, out);
                        }
                        row = json.toString();
                    } else if (value.isScalarValue()) {
                        fields.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return new Entry(fields, row);
        }

        String text(String name) {
            return fields.get(name);
        }
    }

    private Outcome send(Part part, ObjectRef kept, RecordRanges done, Deadline deadline, Map<String, Object> line, MessageLog log) {
        ObjectQuarantine again = quarantine.open(part.origin());
        ObjectUpload upload = new ObjectUpload(row -> uploaders.forObject(part.origin(), RowAccount.of(row)), config.rowFormat(),
                table -> config.streamFor(LogType.forTable(table)), deadline, TimeBudget.WRAP_UP, again);
        ObjectReport report = null;
        Throwable error = null;
        try {
            if (!part.rows().isEmpty()) {
                for (Kept row : part.rows()) {
                    if (!done.contains(row.record())) {
                        Row parsed = RowJson.read(row.table(), row.row());
                        upload.accept(parsed, row.record());
                    }
                }
            } else {
                report = reread(part, done, upload, deadline);
            }
        } catch (Throwable e) {
            error = e;
        }
        ObjectUpload.Result result = upload.finish();
        line.put("source", part.origin().uri());
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
            log.info(again.entries() == 0 ? "quarantine replayed: every entry delivered"
                    : "quarantine replayed: delivered what could be, the rest quarantined again with today's reason", line);
            return Outcome.DONE;
        }
        RecordRanges settled = RecordRanges.span(0, upload.next(), result.holes()).union(done);
        release(kept, settled, line);
        line.put("error", error != null ? Failures.chain(error) : result.failure() != null ? result.failure().reason() : "read again in part");
        log.error("replay not finished; the message will come back and go on from what was settled", line);
        return Outcome.FAILED;
    }

    /** The unread records of the part's source, read again: everything else in it counts as done. */
    private ObjectReport reread(Part part, RecordRanges done, ObjectUpload upload, Deadline deadline) throws IOException,
            ObjectAccessException {
        RecordRanges skipped = RecordRanges.span(0, Long.MAX_VALUE, part.unread()).union(done);
        OpenedObject opened = source.open(part.origin());
        try (InputStream content = new ObjectStream(opened.content(), part.origin().uri(), deadline, TimeBudget.READING_ENDS)) {
            LogType routed = config.routing().typeFor(part.origin().key()).orElse(null);
            return converter.convert(part.origin().uri(), part.origin().key(), content,
                    source.ranges(part.origin(), opened, deadline, TimeBudget.READING_ENDS), routed, opened.lastModified(), upload,
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
