package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.format.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds SQS events the way Lambda delivers them, with S3 notification bodies as S3 writes them. */
public final class SqsMessages {
    private SqsMessages() {
    }

    /** A direct S3 ObjectCreated notification; the key form-URL-encoded as S3 does. */
    public static String s3Notification(String bucket, String key) {
        return s3Notification(bucket, key, null);
    }

    /** The same, for a version of an object in a bucket with versioning (S3 then names it; null for none). */
    public static String s3Notification(String bucket, String key, String versionId) {
        var record = Json.mapper().createObjectNode().put("eventVersion", "2.1").put("eventSource", "aws:s3")
                .put("eventName", "ObjectCreated:Put");
        var s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        var object = s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")).put("size", 1);
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        return Json.mapper().createObjectNode().set("Records", Json.mapper().createArrayNode().add(record)).toString();
    }

    /** The same notification as an SNS topic delivers it to a subscribed queue (raw message delivery off). */
    public static String snsNotification(String bucket, String key) {
        return Json.mapper().createObjectNode().put("Type", "Notification").put("MessageId", java.util.UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:us-east-1:999988887777:log-archive-objects").put("Subject", "Amazon S3 Notification")
                .put("Message", s3Notification(bucket, key)).put("Timestamp", "2026-11-22T10:05:00.000Z").toString();
    }

    /** An EventBridge "Object Created" event for the object, as an EventBridge rule delivers it to a queue (key not encoded). */
    public static String eventBridgeNotification(String bucket, String key, long size) {
        var event = Json.mapper().createObjectNode().put("version", "0").put("id", java.util.UUID.randomUUID().toString())
                .put("detail-type", "Object Created").put("source", "aws.s3").put("account", "999988887777")
                .put("time", "2026-11-22T10:05:00Z").put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        var detail = event.putObject("detail").put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key).put("size", size).put("etag", "0123456789abcdef0123456789abcdef")
                .put("sequencer", "0062E99A88DC407460");
        detail.put("request-id", "N4N7GDK58NMKJ12R").put("requester", "999988887777").put("reason", "PutObject");
        return event.toString();
    }

    public static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:111122223333:sentinel-forwarder-queue");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        return message;
    }

    public static SQSEvent.SQSMessage fifo(SQSEvent.SQSMessage message) {
        message.setEventSourceArn("arn:aws:sqs:us-east-1:111122223333:sentinel-forwarder-queue.fifo");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", "logs"));
        return message;
    }

    public static SQSEvent batch(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }
}
