package dev.sentinelforwarder.handler.report;

import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.handler.report.MessageLog;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.sink.Delivery;
import dev.sentinelforwarder.sink.FailureScope;
import dev.sentinelforwarder.sink.ObjectUpload;
import dev.sentinelforwarder.sink.Remedy;
import dev.sentinelforwarder.sink.RetryPolicy;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.table.Tables;
import java.time.Duration;
import java.util.Map;

/** The one log line an object gets, and its metrics: what was read, sent, quarantined, and what happens next. */
public final class ObjectLine {
    private final Map<String, Object> fields;
    private final ForwarderConfig config;
    private Uploader uploader;
    private final Metrics metrics;
    private final long started = System.nanoTime();
    private ObjectReport report;
    private Delivery delivery = Delivery.NONE;

    public ObjectLine(String messageId, ObjectRef object, ForwarderConfig config, Metrics metrics) {
        this.fields = LogFields.of("messageId", messageId, "bucket", object.bucket(), "key", object.key(), "versionId",
                object.versionId());
        this.config = config;
        this.metrics = metrics;
    }

    /** Where the object's rows go: its destination and rule, named in the line when there are several. */
    public void route(Uploader chosen) {
        uploader = chosen;
        if (config.destinations().size() > 1) {
            fields.put("destination", chosen.destination().name());
        }
        if (config.rules().size() > 1) {
            fields.put("dataCollectionRule", chosen.rule().immutableId());
        }
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public ObjectLine put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** Rows whose record names an account that routes to another destination than the object's: how many, and the first. */
    public void accounts(long mismatches, String first) {
        if (mismatches > 0) {
            fields.put("accountMismatches", mismatches);
            fields.put("accountMismatch", first);
            metrics.add(MetricNames.ALL, MetricNames.ACCOUNT_MISMATCHES, mismatches);
        }
    }

    public void report(ObjectReport read, ObjectUpload.Result result, ObjectQuarantine quarantine) {
        report = read;
        delivery = result.delivery();
        if (read != null) {
            fields.put("type", read.type() == null ? null : read.type().id());
            fields.put("records", read.records());
            fields.put("rows", read.rows());
            putIfNonZero("passedOver", read.passedForResume());
            putIfNonZero("skipped", read.skipped().isEmpty() ? 0 : read.skipped());
            putIfNonZero("dropped", read.dropped().isEmpty() ? 0 : read.dropped());
            putIfNonZero("unreadable", read.unreadable());
            putIfNonZero("truncatedValues", read.truncatedValues());
            putIfNonZero("invalidValues", read.invalidValues());
            putIfNonZero("timedFromObject", read.timedFromObject());
            putIfNonZero("digestsSkipped", read.digestsSkipped());
            putIfNonZero("testFilesSkipped", read.testFilesSkipped());
            putIfNonZero("unmappedFields", read.unmappedFields().isEmpty() ? 0 : read.unmappedFields());
            if (!read.examples().isEmpty()) {
                fields.put("problems", read.examples());
            }
            if (read.error() != null) {
                fields.put("error", read.error());
            }
        }
        fields.put("rowsAccepted", delivery.rowsAccepted());
        putIfNonZero("rowsRejected", delivery.rowsRejected());
        putIfNonZero("quarantined", quarantine.entries());
        if (!quarantine.keys().isEmpty()) {
            fields.put("quarantine", quarantine.keys().size() == 1 ? quarantine.keys().getFirst() : quarantine.keys());
        }
        fields.put("requests", delivery.requests());
        putIfNonZero("retries", delivery.retries());
        fields.put("bytesSent", delivery.bytesSent());
        if (!result.holes().isEmpty()) {
            fields.put("notSettled", result.holes().toString());
        }
        if (result.failure() != null) {
            putIfNonZero("requestsFailed", delivery.requestsFailed());
            fields.put("ingestionError", result.failure().toString());
            String hint = hint(result.failure());
            if (hint != null) {
                fields.put("hint", hint);
            }
        }
    }

    /** What to fix, for a failure configuration causes: one the rest would share, or Entra not knowing the federation yet. */
    private String hint(Delivery.Failure failure) {
        if (failure.answer() == null) {
            return null;
        }
        boolean configuration = failure.scope() != FailureScope.REQUEST || RetryPolicy.FEDERATION_UNMATCHED.equals(failure.answer().errorCode());
        return configuration && uploader != null ? Remedy.of(failure.answer(), stream(), uploader.rule(), uploader.destination()) : null;
    }

    /** The stream the object's rows went to, for the hint; null before its type is known. */
    private String stream() {
        return report == null || report.type() == null ? null : config.streamFor(report.type());
    }

    public void handedOn(RecordRanges settled, int attempt, Duration delay) {
        fields.put("settled", settled.toString());
        fields.put("handedOnAttempt", attempt);
        putIfNonZero("handedOnDelaySeconds", delay.toSeconds());
    }

    public void log(MessageLog log, Outcome outcome, int quarantined) {
        fields.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        fields.put("outcome", switch (outcome.kind()) {
            case DONE -> "delivered";
            case HANDED_ON -> "handed on";
            case RETRY_HANDED_ON -> "failed part-way, handed on";
            case FAILED -> "failed";
        });
        switch (outcome.kind()) {
            case DONE -> log.info(quarantined == 0 ? "object forwarded" : "object forwarded, with records in quarantine", fields);
            case HANDED_ON -> log.info("object forwarded in part; the rest is handed on", fields);
            case RETRY_HANDED_ON -> log.warn("object failed part-way; what was settled stays settled, the rest is handed on"
                    + " to be tried again", fields);
            case FAILED -> log.error("object not fully forwarded; the message will be retried", fields);
        }
        count(outcome, quarantined);
    }

    private void count(Outcome outcome, int quarantined) {
        String table = report == null || report.type() == null ? MetricNames.ALL : Tables.of(report.type()).name();
        metrics.add(table, MetricNames.OBJECTS, 1);
        metrics.add(table, outcome.kind() == Outcome.Kind.DONE || outcome.kind() == Outcome.Kind.HANDED_ON ? MetricNames.OBJECTS_DELIVERED
                : MetricNames.OBJECTS_FAILED, 1);
        metrics.add(table, MetricNames.ROWS, delivery.rowsAccepted());
        metrics.add(table, MetricNames.REQUESTS, delivery.requests());
        metrics.add(table, MetricNames.REQUESTS_FAILED, delivery.requestsFailed());
        metrics.add(table, MetricNames.THROTTLES, delivery.throttles());
        metrics.add(table, MetricNames.RETRIES, delivery.retries());
        metrics.add(table, MetricNames.ROWS_REJECTED, delivery.rowsRejected());
        metrics.add(table, MetricNames.QUARANTINED, quarantined);
        if (!table.equals(MetricNames.ALL)) {
            // The total too, in one metric: the alarm on it needs no math over the tables (an alarm takes at most ten).
            metrics.add(MetricNames.ALL, MetricNames.QUARANTINED, quarantined);
        }
        metrics.add(table, MetricNames.SENT_BYTES, delivery.bytesSent());
        if (config.destinations().size() > 1 && uploader != null) {
            String destination = uploader.destination().name();
            metrics.addForDestination(destination, MetricNames.OBJECTS, 1);
            metrics.addForDestination(destination, outcome.kind() == Outcome.Kind.DONE || outcome.kind() == Outcome.Kind.HANDED_ON
                    ? MetricNames.OBJECTS_DELIVERED : MetricNames.OBJECTS_FAILED, 1);
            metrics.addForDestination(destination, MetricNames.ROWS, delivery.rowsAccepted());
            metrics.addForDestination(destination, MetricNames.REQUESTS_FAILED, delivery.requestsFailed());
            metrics.addForDestination(destination, MetricNames.THROTTLES, delivery.throttles());
            metrics.addForDestination(destination, MetricNames.SENT_BYTES, delivery.bytesSent());
        }
        if (report != null) {
            metrics.add(table, MetricNames.RECORDS, report.records());
            metrics.add(table, MetricNames.RECORDS_UNREADABLE, report.unreadable());
            metrics.add(table, MetricNames.VALUES_TRUNCATED, report.truncatedValues());
            metrics.add(table, MetricNames.ROWS_DROPPED, report.droppedTotal());
            report.dropped().forEach((rule, count) -> metrics.addForRule(table, rule, MetricNames.ROWS_DROPPED, count));
        }
    }

    private void putIfNonZero(String name, Object value) {
        if (!(value instanceof Number n && n.longValue() == 0)) {
            fields.put(name, value);
        }
    }
}
