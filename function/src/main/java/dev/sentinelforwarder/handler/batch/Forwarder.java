package dev.sentinelforwarder.handler.batch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.cost.FailureCosts;
import dev.sentinelforwarder.handler.forward.ObjectForwarder;
import dev.sentinelforwarder.handler.replay.QuarantineReplay;
import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.handler.report.MessageLog;
import dev.sentinelforwarder.handler.report.Outcome;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.notification.Notification;
import dev.sentinelforwarder.notification.NotificationParser;
import dev.sentinelforwarder.notification.Resume;
import dev.sentinelforwarder.notification.UnrecognisedNotificationException;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.sink.DeploymentCheck;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.source.S3ObjectSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The forwarder's work for one SQS batch: every message's notifications, every object they name, read
 * from S3 and sent to the Logs Ingestion API. A message succeeds when each of its objects is settled
 * (every record accepted or in quarantine) or handed on to a resume message; otherwise its id is returned
 * as a batch item failure, so SQS delivers it again and finally moves it to the dead-letter queue. Nothing
 * thrown while handling one message, Errors included, reaches the others: it fails that message only.
 */
public final class Forwarder {
    private final ForwarderConfig config;
    private final ObjectForwarder objects;
    private final QuarantineReplay replays;
    private final JsonLog log;
    private final Metrics metrics;
    private final DeploymentCheck check;
    private boolean testEventLogged;
    /** What this batch's failures stop, and which destinations hung in the last batch. */
    private final FailureCosts costs;

    /**
     * @param queue the notification queue for heartbeats and hand-ons, or null (local runs: objects are read whole)
     * @param ledger remembers forwarded object versions and settled records, or null (at-least-once without it)
     */
    public Forwarder(ForwarderConfig config, S3ObjectSource source, Uploaders uploaders, Quarantine quarantine,
            MessageQueue queue, ObjectLedger ledger, JsonLog log, Metrics metrics, DeploymentCheck check) {
        this.config = config;
        this.check = check;
        this.objects = new ObjectForwarder(config, source, uploaders, quarantine, queue, ledger, metrics);
        this.replays = new QuarantineReplay(config, source, uploaders, quarantine, ledger, metrics);
        this.log = log;
        this.metrics = metrics;
        this.costs = new FailureCosts(config.severalIdentities());
    }

    /** @param deadline when the invocation ends; no object is started within the configured margin of it */
    public SQSBatchResponse process(SQSEvent event, Deadline deadline) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String failedFifoGroup = null;
        costs.newBatch();
        for (SQSEvent.SQSMessage message : inOrder(event.getRecords() == null ? List.of() : event.getRecords())) {
            String notStarted = failedFifoGroup != null
                    // FIFO: a later message must not overtake one that failed, so it fails too, unprocessed.
                    ? "an earlier message of this FIFO batch failed"
                    : costs.batchStopped() != null ? costs.batchStopped()
                    : deadline.within(config.timeMargin()) ? "less than " + config.timeMargin().toSeconds()
                            + " s of the invocation were left" : null;
            if (notStarted != null) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                metrics.add(MetricNames.ALL, MetricNames.MESSAGES_NOT_STARTED, 1);
                log.warn("message not processed; SQS will deliver it again", LogFields.of("messageId", message.getMessageId(),
                        "reason", notStarted));
                continue;
            }
            metrics.add(MetricNames.ALL, MetricNames.MESSAGES, 1);
            if (!processMessage(message, deadline)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                metrics.add(MetricNames.ALL, MetricNames.MESSAGES_FAILED, 1);
                if (isFifo(message)) {
                    failedFifoGroup = message.getMessageId();
                }
            }
        }
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            log.warn("metrics could not be written", LogFields.of("error", Failures.chain(e)));
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * The batch as it is processed: the messages of a destination that hung in this container's last batch go last, so
     * the healthy destinations' objects go first; a FIFO batch keeps its order.
     */
    private List<SQSEvent.SQSMessage> inOrder(List<SQSEvent.SQSMessage> messages) {
        if (!costs.anyHungLastBatch() || messages.stream().anyMatch(Forwarder::isFifo)) {
            return messages;
        }
        List<SQSEvent.SQSMessage> first = new ArrayList<>();
        List<SQSEvent.SQSMessage> last = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            (boundForHung(message) ? last : first).add(message);
        }
        first.addAll(last);
        return first;
    }

    /** True when an object the message names goes to a destination that hung before; false for what it cannot read. */
    private boolean boundForHung(SQSEvent.SQSMessage message) {
        try {
            for (Notification notification : NotificationParser.parse(message.getBody())) {
                ObjectRef object = switch (notification) {
                    case Notification.ObjectCreated created -> created.object();
                    case Notification.ResumeObject resume -> resume.resume().object();
                    default -> null;
                };
                Resume resume = notification instanceof Notification.ResumeObject r ? r.resume() : null;
                if (object != null && objects.uploaderOf(object, resume).filter(u -> costs.hungLastBatch(u.destination().name()))
                        .isPresent()) {
                    return true;
                }
            }
        } catch (UnrecognisedNotificationException | RuntimeException e) {
            // processMessage reports it, in its turn
        }
        return false;
    }

    private boolean processMessage(SQSEvent.SQSMessage message, Deadline deadline) {
        String messageId = message.getMessageId();
        MessageLog messageLog = new MessageLog(log, messageId);
        try {
            boolean delivered = true;
            for (Notification notification : NotificationParser.parse(message.getBody())) {
                if (costs.batchStopped() != null || deadline.within(config.timeMargin())) {
                    return false; // the message comes back whole; with the ledger its settled objects are passed over
                }
                switch (notification) {
                    case Notification.TestEvent test -> {
                        if (!testEventLogged) {
                            log.info("s3:TestEvent acknowledged: notifications from this bucket reach the forwarder",
                                    LogFields.of("messageId", messageId, "bucket", test.bucket()));
                            testEventLogged = true;
                        }
                        metrics.add(MetricNames.ALL, MetricNames.TEST_EVENTS, 1);
                    }
                    case Notification.Ignored ignored -> metrics.add(MetricNames.ALL, MetricNames.IGNORED_EVENTS, 1);
                    case Notification.CheckDeployment ignored -> delivered &= checkDeployment(messageId, deadline);
                    case Notification.ObjectCreated created -> delivered &= forward(message, created.object(), null, deadline, messageLog);
                    case Notification.ResumeObject resume -> delivered &= forward(message, resume.resume().object(), resume.resume(),
                            deadline, messageLog);
                    case Notification.ReplayQuarantine replay -> delivered &= replay(message, replay.quarantineObject(), deadline, messageLog);
                }
            }
            return delivered;
        } catch (UnrecognisedNotificationException e) {
            log.error("message is not an S3 notification; it will reach the dead-letter queue for inspection",
                    LogFields.of("messageId", messageId, "reason", e.getMessage()));
            return false;
        } catch (Throwable e) {
            log.error("message failed unexpectedly", LogFields.of("messageId", messageId, "error", Failures.chain(e),
                    "at", Failures.frames(e)));
            return false;
        } finally {
            messageLog.close();
        }
    }

    /** One object, whatever it throws: an unforeseen failure fails it (and its message), logged with its cause chain. */
    private boolean forward(SQSEvent.SQSMessage message, ObjectRef object, Resume resume, Deadline deadline, MessageLog messageLog) {
        Uploader uploader = objects.uploaderOf(object, resume).orElse(null);
        String stopped = uploader == null ? null : costs.notStarted(uploader);
        if (stopped != null) {
            // Only this destination's (rule's, identity's) objects wait: those of the others in the batch go on.
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_NOT_STARTED, 1);
            messageLog.warn("object not started; its message will come back", LogFields.of("messageId", message.getMessageId(),
                    "bucket", object.bucket(), "key", object.key(), "destination", uploader.destination().name(),
                    "rule", uploader.rule().immutableId(), "reason", stopped));
            return false;
        }
        Outcome outcome;
        try {
            outcome = objects.forward(message, object, resume, deadline, messageLog);
        } catch (Throwable e) {
            messageLog.error("object failed unexpectedly; the message will be retried", LogFields.of("messageId",
                    message.getMessageId(), "bucket", object.bucket(), "key", object.key(), "versionId", object.versionId(),
                    "error", Failures.chain(e), "at", Failures.frames(e)));
            metrics.add(MetricNames.ALL, MetricNames.OBJECTS_FAILED, 1);
            outcome = Outcome.FAILED;
        }
        Uploader failed = outcome.by() != null ? outcome.by() : uploader;
        if (failed != null) {
            costs.failed(outcome.scope(), outcome.stops(), failed);
        }
        return outcome.messageDone();
    }

    /** One quarantine object sent again, whatever it throws: an unforeseen failure fails its message, logged. */
    private boolean replay(SQSEvent.SQSMessage message, ObjectRef kept, Deadline deadline, MessageLog messageLog) {
        try {
            return replays.replay(message.getMessageId(), kept, deadline, messageLog).messageDone();
        } catch (Throwable e) {
            messageLog.error("replay failed unexpectedly; the message will be retried", LogFields.of("messageId", message.getMessageId(),
                    "bucket", kept.bucket(), "key", kept.key(), "error", Failures.chain(e), "at", Failures.frames(e)));
            return false;
        }
    }

    /** One log line per step; the message fails when a step does, so {@code aws lambda invoke} shows it too. */
    private boolean checkDeployment(String messageId, Deadline deadline) {
        boolean passed = true;
        for (DeploymentCheck.Step step : check.run(deadline)) {
            Map<String, Object> fields = LogFields.of("messageId", messageId, "step", step.name(), "detail", step.detail());
            if (step.passed()) {
                log.info("deployment check passed", fields);
            } else {
                log.error("deployment check failed", fields);
            }
            passed &= step.passed();
        }
        metrics.add(MetricNames.ALL, passed ? MetricNames.CHECKS_PASSED : MetricNames.CHECKS_FAILED, 1);
        return passed;
    }

    private static boolean isFifo(SQSEvent.SQSMessage message) {
        String arn = message.getEventSourceArn();
        return (arn != null && arn.endsWith(".fifo"))
                || (message.getAttributes() != null && message.getAttributes().containsKey("MessageGroupId"));
    }
}
