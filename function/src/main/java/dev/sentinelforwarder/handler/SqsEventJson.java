package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda SQS events as JSON files, in the shape Lambda delivers them ({@code Records}, {@code eventSourceARN}).
 * Mapped by hand: the runtime's own serializer (aws-lambda-java-serialization) would add megabytes to the
 * Lambda jar for a command-line convenience, and plain Jackson does not know Lambda's field names.
 */
public final class SqsEventJson {
    private SqsEventJson() {
    }

    /** True for a Lambda SQS event: {@code Records} whose entries come from {@code aws:sqs}. */
    public static boolean isSqsEvent(JsonNode root) {
        JsonNode records = root.path("Records");
        return records.isArray() && !records.isEmpty() && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    public static SQSEvent read(JsonNode root) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (JsonNode record : root.path("Records")) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(record.path("messageId").asText(null));
            message.setReceiptHandle(record.path("receiptHandle").asText(null));
            message.setBody(record.path("body").asText(null));
            message.setMd5OfBody(record.path("md5OfBody").asText(null));
            message.setEventSource(record.path("eventSource").asText(null));
            message.setEventSourceArn(record.path("eventSourceARN").asText(null));
            message.setAwsRegion(record.path("awsRegion").asText(null));
            Map<String, String> attributes = new LinkedHashMap<>();
            record.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            message.setAttributes(attributes);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    public static String write(SQSBatchResponse response) {
        var failures = Json.mapper().createArrayNode();
        response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
        return Json.mapper().createObjectNode().set("batchItemFailures", failures).toString();
    }
}
