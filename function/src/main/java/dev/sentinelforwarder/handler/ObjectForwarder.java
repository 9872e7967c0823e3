package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.notification.Resume;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.Deadline;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.queue.Heartbeat;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.sink.Delivery;
import dev.sentinelforwarder.sink.ObjectUpload;
import dev.sentinelforwarder.sink.SendOutcome;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.source.ObjectAccessException;
import dev.sentinelforwarder.source.ObjectChangedException;
import dev.sentinelforwarder.source.OpenedObject;
import dev.sentinelforwarder.source.S3ObjectSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Forwards one object: open it in S3, read, map and send its records, quarantine what cannot be sent,
 * hand the rest on when time runs short, and write the object's one log line and metrics.
 */
final class ObjectForwarder {
    /**
     * Deflate level for request bodies. Chosen from bench (README, Performance): level 6 makes CloudTrail
     * bodies about 15% smaller than level 1 for about 2 more CPU-seconds per 200 MB, and the bytes it saves
     * cost more as internet egress (USD 0.09/GB) than the CPU time costs in Lambda; on two cores the
     * compression also runs beside the parsing, so it adds little wall time.
     */
    static final int GZIP_LEVEL = 6;

    private final ForwarderConfig config;
    private final S3ObjectSource source;
    private final Uploader uploader;
    private final Quarantine quarantine;
    private final MessageQueue queue;
    private final JsonLog log;
    private final Metrics metrics;
    private final ObjectConverter converter;

    ObjectForwarder(ForwarderConfig config, S3ObjectSource source, Uploader uploader, Quarantine quarantine, MessageQueue queue,
            JsonLog log, Metrics metrics) {
        this.config = config;
        this.source = source;
        this.uploader = uploader;
        this.quarantine = quarantine;
        this.queue = queue;
        this.log = log;
        this.metrics = metrics;
        this.converter = new ObjectConverter(config.cloudWatchCustomColumns(), config.limits());
    }

    /**
     * Forwards one object, or its records from {@code fromRecord} on when resuming. When time runs short
     * and a queue is there, it stops at a record, and once everything before was delivered sends itself a
     * {@link Resume} for the rest: the message completes without the next invocation starting over.
     */
    Outcome forward(SQSEvent.SQSMessage message, ObjectRef object, String eTag, long fromRecord, Deadline deadline) {
        String messageId = message.getMessageId();
        Map<String, Object> line = LogFields.of("messageId", messageId, "bucket", object.bucket(), "key", object.key(),
                "versionId", object.versionId());
        if (fromRecord > 0) {
            line.put("resumedFromRecord", fromRecord);
        }
        if (quarantine.holds(object.key())) {
            log.info("object passed over: it is one of the forwarder's own quarantine objects", line);
            metrics.add(Metrics.ALL, "QuarantineObjectsPassedOver", 1);
            return Outcome.DELIVERED;
        }
        if (!config.allowed().allows(object.bucket(), object.key())) {
            line.put("allowed", config.allowed().toString());
            log.error("object refused: its bucket and key are not in ALLOWED_BUCKETS", line);
            metrics.add(Metrics.ALL, "ObjectsRefused", 1);
            return Outcome.FAILED;
        }
        long started = System.nanoTime();
        OpenedObject opened;
        try {
            opened = source.open(object, eTag);
        } catch (ObjectChangedException e) {
            line.put("reason", e.getMessage());
            log.info("object not resumed: it changed since it was first read", line);
            return Outcome.DELIVERED;
        } catch (ObjectAccessException e) {
            line.put("reason", e.getMessage());
            log.error("object could not be read", line);
            metrics.add(Metrics.ALL, "ObjectsFailed", 1);
            return Outcome.FAILED;
        }
        ObjectQuarantine quarantined = quarantine.open(object);
        ObjectUpload upload = new ObjectUpload(uploader, table -> config.streamFor(LogType.forTable(table)), GZIP_LEVEL, deadline);
        ObjectReport report = null;
        Delivery delivery;
        boolean readToTheEnd = true;
        boolean canHandOn = queue != null && message.getEventSourceArn() != null;
        ObjectConverter.Window window = new ObjectConverter.Window(fromRecord,
                () -> canHandOn && deadline.within(config.timeMargin()));
        try (InputStream content = opened.content(); Heartbeat ignored = heartbeat(message, deadline)) {
            LogType routed = config.routing().typeFor(object.key()).orElse(null);
            report = converter.convert(object.uri(), object.key(), content, routed, opened.lastModified(), upload,
                    quarantined::add, window);
            delivery = upload.finish();
        } catch (IOException | UncheckedIOException e) {
            // S3 stopped sending, or a row could not be packed: retrying may read it all.
            delivery = upload.abandon();
            readToTheEnd = false;
            line.put("error", "reading stopped: " + e.getMessage());
        }
        delivery.rejected().forEach(quarantined::add);
        try {
            line.put("quarantine", quarantined.close());
        } catch (IOException e) {
            readToTheEnd = false;
            line.put("quarantineError", e.getMessage());
        }
        boolean delivered = readToTheEnd && delivery.settled();
        boolean handedOn = false;
        if (delivered && report != null && report.stoppedAt() >= 0) {
            delivered = handOn(message, new Resume(object, opened.eTag(), report.stoppedAt()), line);
            handedOn = delivered;
        }
        describe(line, report, delivery, quarantined.entries(), started, delivered);
        if (delivered) {
            log.info(line.containsKey("handedOnFromRecord") ? "object forwarded in part; the rest is handed on"
                    : quarantined.entries() == 0 ? "object forwarded" : "object forwarded, with records in quarantine", line);
        } else {
            log.error("object not fully forwarded; the message will be retried", line);
        }
        count(report, delivery, quarantined.entries(), delivered);
        if (delivery.failures().stream().anyMatch(SendOutcome.Failed::isAuthorization)) {
            return Outcome.REFUSED_CREDENTIALS;
        }
        return !delivered ? Outcome.FAILED : handedOn ? Outcome.HANDED_ON : Outcome.DELIVERED;
    }

    private Heartbeat heartbeat(SQSEvent.SQSMessage message, Deadline deadline) {
        if (queue == null || message.getEventSourceArn() == null || message.getReceiptHandle() == null) {
            return null;
        }
        return Heartbeat.start(queue, message.getEventSourceArn(), message.getReceiptHandle(), deadline, config.heartbeat(),
                e -> log.warn("could not extend the message's visibility", LogFields.of("messageId", message.getMessageId(),
                        "error", e.getMessage())));
    }

    /** Sends the rest of the object to the queue; the message is done only when that worked. */
    private boolean handOn(SQSEvent.SQSMessage message, Resume resume, Map<String, Object> line) {
        try {
            queue.send(message.getEventSourceArn(), resume.toJson());
            line.put("handedOnFromRecord", resume.fromRecord());
            metrics.add(Metrics.ALL, "ObjectsHandedOn", 1);
            return true;
        } catch (RuntimeException e) {
            line.put("error", "could not hand the rest of the object on: " + e.getMessage());
            return false;
        }
    }

    private void describe(Map<String, Object> line, ObjectReport report, Delivery result, int quarantined, long started,
            boolean delivered) {
        if (report != null) {
            line.put("type", report.type() == null ? null : report.type().id());
            line.put("records", report.records());
            line.put("rows", report.rows());
            putIfNonZero(line, "skipped", report.skipped().isEmpty() ? 0 : report.skipped());
            putIfNonZero(line, "unreadable", report.unreadable());
            putIfNonZero(line, "truncatedValues", report.truncatedValues());
            putIfNonZero(line, "invalidValues", report.invalidValues());
            putIfNonZero(line, "timedFromObject", report.timedFromObject());
            putIfNonZero(line, "digestsSkipped", report.digestsSkipped());
            putIfNonZero(line, "unmappedFields", report.unmappedFields().isEmpty() ? 0 : report.unmappedFields());
            if (!report.examples().isEmpty()) {
                line.put("problems", report.examples());
            }
            if (report.error() != null) {
                line.put("error", report.error());
            }
        }
        line.put("rowsAccepted", result.rowsAccepted());
        putIfNonZero(line, "quarantined", quarantined);
        putIfNonZero(line, "rowsRejected", result.rejected().size());
        line.put("requests", result.requests());
        putIfNonZero(line, "retries", result.retries());
        line.put("bytesSent", result.bytesSent());
        line.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        line.put("outcome", delivered ? "delivered" : "failed");
        if (!result.failures().isEmpty()) {
            SendOutcome.Failed first = result.failures().getFirst();
            line.put("requestsFailed", result.failures().size());
            line.put("ingestionError", first.toString());
            if (first.isAuthorization()) {
                line.put("hint", "the Logs Ingestion API refused the app's credentials: give the Entra app the role"
                        + " 'Monitoring Metrics Publisher' on data collection rule " + config.dcrImmutableId()
                        + " and check that INGESTION_ENDPOINT is that rule's (or its data collection endpoint's) endpoint");
            }
        }
    }

    private void count(ObjectReport report, Delivery result, int quarantined, boolean delivered) {
        String table = report == null || report.type() == null ? Metrics.ALL : report.type().table().name();
        metrics.add(table, "Objects", 1);
        metrics.add(table, delivered ? "ObjectsDelivered" : "ObjectsFailed", 1);
        metrics.add(table, "Rows", result.rowsAccepted());
        metrics.add(table, "Requests", result.requests());
        metrics.add(table, "RequestsFailed", result.failures().size());
        metrics.add(table, "Throttles", result.throttles());
        metrics.add(table, "Retries", result.retries());
        metrics.add(table, "RowsRejected", result.rejected().size());
        metrics.add(table, "Quarantined", quarantined);
        metrics.add(table, "SentBytes", result.bytesSent());
        if (report != null) {
            metrics.add(table, "Records", report.records());
            metrics.add(table, "RecordsUnreadable", report.unreadable());
            metrics.add(table, "ValuesTruncated", report.truncatedValues());
        }
    }

    private static void putIfNonZero(Map<String, Object> line, String name, Object value) {
        if (!(value instanceof Number n && n.longValue() == 0)) {
            line.put(name, value);
        }
    }

}
