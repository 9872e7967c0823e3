package dev.sentinelforwarder.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;

/**
 * The message the forwarder sends itself when an object is too large to finish in one invocation: read
 * the same object version again from record {@code fromRecord}; the records before it were accepted or
 * quarantined already. Sent to the same queue, so it gets the same retries and dead-letter queue.
 *
 * @param eTag the entity tag of the version read so far: a changed object is not resumed
 */
public record Resume(ObjectRef object, String eTag, long fromRecord) {
    // eTag: as GetObject returned it, for If-Match; object.eTag(): as the notification carried it (the ledger's key).
    static final String FIELD = "sentinelForwarderResume";

    public String toJson() {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode resume = body.putObject(FIELD).put("bucket", object.bucket()).put("key", object.key())
                .put("fromRecord", fromRecord);
        if (object.versionId() != null) {
            resume.put("versionId", object.versionId());
        }
        if (eTag != null) {
            resume.put("eTag", eTag);
        }
        if (object.eTag() != null) {
            resume.put("notifiedETag", object.eTag());
        }
        return body.toString();
    }

    static Resume fromJson(JsonNode resume) throws UnrecognisedNotificationException {
        if (!resume.path("bucket").isTextual() || !resume.path("key").isTextual() || !resume.path("fromRecord").canConvertToLong()) {
            throw new UnrecognisedNotificationException("a resume message without bucket, key and fromRecord: " + resume);
        }
        return new Resume(new ObjectRef(resume.get("bucket").textValue(), resume.get("key").textValue(),
                resume.path("versionId").asText(null), -1, resume.path("notifiedETag").asText(null)),
                resume.path("eTag").asText(null), resume.get("fromRecord").longValue());
    }
}
