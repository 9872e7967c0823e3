package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.notification.Notification;
import dev.sentinelforwarder.notification.NotificationParser;
import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.notification.UnrecognisedNotificationException;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.Deadline;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.source.S3ObjectSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwarder's work for one SQS batch: every message's notifications, every object they name, read
 * from S3 and sent to the Logs Ingestion API. A message succeeds only when each of its objects was read
 * to the end and every record either reached the API or is in quarantine (unreadable, or refused by
 * the service on its own); otherwise its id is returned as a batch item failure, so SQS delivers it
 * again and finally moves it to the dead-letter queue.
 */
public final class Forwarder {
    private final ForwarderConfig config;
    private final ObjectForwarder objects;
    private final Quarantine quarantine;
    private final ObjectLedger ledger;
    private final JsonLog log;
    private final Metrics metrics;
    private boolean testEventLogged;
    /** Set when the ingestion API refused the credentials: the rest of the batch would fail the same way. */
    private String abortReason;

    /**
     * @param queue the notification queue for heartbeats and hand-ons, or null (local runs: objects are read whole)
     * @param ledger remembers forwarded object versions, or null (at-least-once without it)
     */
    public Forwarder(ForwarderConfig config, S3ObjectSource source, Uploader uploader, Quarantine quarantine,
            MessageQueue queue, ObjectLedger ledger, JsonLog log, Metrics metrics) {
        this.config = config;
        this.objects = new ObjectForwarder(config, source, uploader, quarantine, queue, log, metrics);
        this.quarantine = quarantine;
        this.ledger = ledger;
        this.log = log;
        this.metrics = metrics;
    }

    /** @param deadline when the invocation ends; no object is started within the configured margin of it */
    public SQSBatchResponse process(SQSEvent event, Deadline deadline) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String failedFifoGroup = null;
        abortReason = null;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String notStarted = failedFifoGroup != null
                    // FIFO: a later message must not overtake one that failed, so it fails too, unprocessed.
                    ? "an earlier message of this FIFO batch failed"
                    : abortReason != null ? abortReason
                    : deadline.within(config.timeMargin()) ? "less than " + config.timeMargin().toSeconds()
                            + " s of the invocation were left" : null;
            if (notStarted != null) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                metrics.add(Metrics.ALL, "MessagesNotStarted", 1);
                log.warn("message not processed; SQS will deliver it again", LogFields.of("messageId", message.getMessageId(),
                        "reason", notStarted));
                continue;
            }
            metrics.add(Metrics.ALL, "Messages", 1);
            if (!processMessage(message, deadline)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                metrics.add(Metrics.ALL, "MessagesFailed", 1);
                if (isFifo(message)) {
                    failedFifoGroup = message.getMessageId();
                }
            }
        }
        metrics.flush();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean processMessage(SQSEvent.SQSMessage message, Deadline deadline) {
        String messageId = message.getMessageId();
        try {
            boolean delivered = true;
            for (Notification notification : NotificationParser.parse(message.getBody())) {
                switch (notification) {
                    case Notification.TestEvent test -> {
                        if (!testEventLogged) {
                            log.info("s3:TestEvent acknowledged: notifications from this bucket reach the forwarder",
                                    LogFields.of("messageId", messageId, "bucket", test.bucket()));
                            testEventLogged = true;
                        }
                        metrics.add(Metrics.ALL, "TestEvents", 1);
                    }
                    case Notification.Ignored ignored -> metrics.add(Metrics.ALL, "IgnoredEvents", 1);
                    case Notification.ObjectCreated created -> delivered &= forwardOnce(message, created.object(), deadline);
                    case Notification.ResumeObject resume -> delivered &= settle(resume.resume().object(), objects.forward(message,
                            resume.resume().object(), resume.resume().eTag(), resume.resume().fromRecord(), deadline), deadline);
                }
            }
            return delivered;
        } catch (UnrecognisedNotificationException e) {
            log.error("message is not an S3 notification; it will reach the dead-letter queue for inspection",
                    LogFields.of("messageId", messageId, "reason", e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            log.error("message failed unexpectedly", LogFields.of("messageId", messageId, "error", e.toString(),
                    "at", e.getStackTrace().length > 0 ? e.getStackTrace()[0].toString() : null));
            return false;
        }
    }

    /** Forwards a newly created object unless the ledger says it was forwarded already or is being forwarded. */
    private boolean forwardOnce(SQSEvent.SQSMessage message, ObjectRef object, Deadline deadline) {
        if (ledger != null && !quarantine.holds(object.key())) {
            ObjectLedger.Claim claim = ledger.claim(object, deadline);
            if (claim != ObjectLedger.Claim.CLAIMED) {
                boolean done = claim == ObjectLedger.Claim.ALREADY_FORWARDED;
                metrics.add(Metrics.ALL, done ? "DuplicatesSkipped" : "ObjectsBusyElsewhere", 1);
                log.info(done ? "object passed over: this version was forwarded completely before"
                        : "object is being forwarded by another invocation; the message will come back",
                        LogFields.of("messageId", message.getMessageId(), "bucket", object.bucket(), "key", object.key(),
                                "versionId", object.versionId()));
                return done;
            }
        }
        return settle(object, objects.forward(message, object, null, 0, deadline), deadline);
    }

    /** Records the outcome in the ledger, if there is one; true when the message is done with this object. */
    private boolean settle(ObjectRef object, Outcome outcome, Deadline deadline) {
        if (ledger != null && !quarantine.holds(object.key())) {
            switch (outcome) {
                case DELIVERED -> ledger.completed(object);
                case HANDED_ON -> ledger.handedOn(object, deadline);
                case FAILED, REFUSED_CREDENTIALS -> ledger.release(object);
            }
        }
        if (outcome == Outcome.REFUSED_CREDENTIALS) {
            abortReason = "the ingestion API refused the credentials earlier in this batch";
        }
        return outcome == Outcome.DELIVERED || outcome == Outcome.HANDED_ON;
    }

    private static boolean isFifo(SQSEvent.SQSMessage message) {
        String arn = message.getEventSourceArn();
        return (arn != null && arn.endsWith(".fifo"))
                || (message.getAttributes() != null && message.getAttributes().containsKey("MessageGroupId"));
    }
}
