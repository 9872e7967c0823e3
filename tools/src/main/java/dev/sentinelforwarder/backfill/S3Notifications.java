package dev.sentinelforwarder.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.notification.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The S3 event notification S3 itself would have sent for an object, so the forwarder reads a backfilled
 * object exactly as a new one, and its ledger knows it by the same identity (bucket, key, version, ETag).
 */
final class S3Notifications {
    /** What the forwarder's log and metrics show of a backfilled object's event: it was created earlier. */
    static final String EVENT_NAME = "ObjectCreated:Backfill";

    private S3Notifications() {
    }

    /**
     * The forwarder's message to replay one quarantine object: its key form-encoded, as in S3's own notifications, and its
     * version (null in a bucket without versioning), so the replay reads the version listed.
     */
    static String replay(String bucket, String key, String versionId, long size, String eTag) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode replay = root.putObject(Notification.ReplayQuarantine.FIELD).put("bucket", bucket)
                .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/")).put("size", size).put("eTag", eTag);
        if (versionId != null) {
            replay.put("versionId", versionId);
        }
        return root.toString();
    }

    /** @param versionId null for a bucket without versioning, as S3 leaves it out then */
    static String objectCreated(String bucket, String key, String versionId, long size, String eTag, Instant written) {
        ObjectNode object = Json.mapper().createObjectNode()
                // S3 form-encodes keys in notifications (a space as '+'); slashes stay as they are.
                .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", size)
                .put("eTag", eTag);
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        ObjectNode record = Json.mapper().createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("eventTime", written.toString())
                .put("eventName", EVENT_NAME);
        record.putObject("s3").put("s3SchemaVersion", "1.0")
                .<ObjectNode>set("bucket", Json.mapper().createObjectNode().put("name", bucket).put("arn", "arn:aws:s3:::" + bucket))
                .set("object", object);
        ObjectNode root = Json.mapper().createObjectNode();
        root.putArray("Records").add(record);
        return root.toString();
    }
}
