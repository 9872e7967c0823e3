package dev.sentinelforwarder.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.source.ObjectRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an SQS message body into the S3 notifications it carries. Accepted shapes: a direct S3 event
 * notification (every record, not only the first), the same wrapped in an SNS envelope (its
 * {@code Message} is the notification as a JSON string), an EventBridge S3 event, and {@code s3:TestEvent}.
 */
public final class NotificationParser {
    private static final int EXCERPT = 120;

    private NotificationParser() {
    }

    public static List<Notification> parse(String body) throws UnrecognisedNotificationException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnrecognisedNotificationException("body is not JSON: '" + excerpt(body) + "'");
        }
        if (root == null || !root.isObject()) {
            throw new UnrecognisedNotificationException("body is not a JSON object: '" + excerpt(body) + "'");
        }
        if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            return parse(root.get("Message").textValue()); // SNS envelope
        }
        if (root.has(Resume.FIELD)) {
            return List.of(new Notification.ResumeObject(Resume.fromJson(root.get(Resume.FIELD))));
        }
        if (root.has(Notification.ReplayQuarantine.FIELD)) {
            JsonNode replay = root.get(Notification.ReplayQuarantine.FIELD);
            if (!replay.path("eTag").isTextual() || replay.path("eTag").textValue().isEmpty()) {
                throw new UnrecognisedNotificationException("a replay message without the quarantine object's eTag: '" + excerpt(body) + "'");
            }
            return List.of(new Notification.ReplayQuarantine(objectRef(replay.path("bucket"), replay.path("key"), replay.path("versionId"),
                    replay.path("size"), replay.path("eTag"), body)));
        }
        if (root.has(Notification.CheckDeployment.FIELD)) {
            return List.of(new Notification.CheckDeployment());
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of(new Notification.TestEvent(root.path("Bucket").asText(null)));
        }
        if (root.path("Records").isArray()) {
            return s3Records(root.get("Records"), body);
        }
        if ("aws.s3".equals(root.path("source").asText()) && root.has("detail-type")) {
            return List.of(eventBridge(root, body));
        }
        throw new UnrecognisedNotificationException("not an S3 notification (no Records, SNS Message, EventBridge"
                + " aws.s3 detail or s3:TestEvent): '" + excerpt(body) + "'");
    }

    private static List<Notification> s3Records(JsonNode records, String body) throws UnrecognisedNotificationException {
        List<Notification> notifications = new ArrayList<>();
        for (JsonNode record : records) {
            JsonNode s3 = record.path("s3");
            String eventName = record.path("eventName").asText("");
            if (!s3.isObject() || eventName.isEmpty()) {
                throw new UnrecognisedNotificationException("a Records entry is not an S3 event record (no eventName"
                        + " and s3): '" + excerpt(body) + "'");
            }
            if (!eventName.startsWith("ObjectCreated:")) {
                notifications.add(new Notification.Ignored(eventName));
                continue;
            }
            JsonNode object = s3.path("object");
            notifications.add(new Notification.ObjectCreated(objectRef(s3.path("bucket").path("name"), object.path("key"),
                    object.path("versionId"), object.path("size"), object.path("eTag"), body)));
        }
        return notifications;
    }

    private static Notification eventBridge(JsonNode root, String body) throws UnrecognisedNotificationException {
        String detailType = root.get("detail-type").asText();
        if (!detailType.equals("Object Created")) {
            return new Notification.Ignored(detailType);
        }
        JsonNode detail = root.path("detail");
        JsonNode object = detail.path("object");
        return new Notification.ObjectCreated(objectRef(detail.path("bucket").path("name"), object.path("key"),
                object.path("version-id"), object.path("size"), object.path("etag"), body));
    }

    private static ObjectRef objectRef(JsonNode bucket, JsonNode key, JsonNode versionId, JsonNode size, JsonNode eTag,
            String body) throws UnrecognisedNotificationException {
        if (!bucket.isTextual() || !key.isTextual() || bucket.textValue().isEmpty() || key.textValue().isEmpty()) {
            throw new UnrecognisedNotificationException("object created without a bucket name and key: '"
                    + excerpt(body) + "'");
        }
        String version = versionId.isTextual() && !versionId.textValue().isEmpty() ? versionId.textValue() : null;
        return new ObjectRef(bucket.textValue(), ObjectKeys.decode(key.textValue()), version,
                size.canConvertToLong() ? size.longValue() : -1, eTag.isTextual() ? eTag.textValue() : null);
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }
}
