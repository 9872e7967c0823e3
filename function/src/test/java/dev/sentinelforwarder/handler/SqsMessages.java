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
        var record = Json.mapper().createObjectNode().put("eventVersion", "2.1").put("eventSource", "aws:s3")
                .put("eventName", "ObjectCreated:Put");
        var s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")).put("size", 1);
        return Json.mapper().createObjectNode().set("Records", Json.mapper().createArrayNode().add(record)).toString();
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
