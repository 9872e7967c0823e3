package dev.sentinelforwarder.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;

/**
 * The message the forwarder sends itself to go on with an object another time: read the same object
 * version again, passing over the records in {@code done} (accepted or quarantined already). Sent when an
 * object does not fit in one invocation, and when an attempt failed part-way (then with a delay). Sent to
 * the same queue, so it gets the same retries and dead-letter queue.
 *
 * @param eTag the entity tag of the version read so far: a changed object is not resumed
 * @param attempt how many attempts at this object failed part-way so far
 * @param handOff the ledger's token for this hand-on (null without a ledger): only its holder may go on
 * @param destination where the object's first rows went, and so its other rows go (null: written by an earlier version)
 */
public record Resume(ObjectRef object, String eTag, RecordRanges done, int attempt, String handOff, String destination) {
    // eTag: as GetObject returned it, for If-Match; object.eTag(): as the notification carried it (the ledger's key).
    static final String FIELD = "sentinelForwarderResume";
    /** Far beyond any attempt count the forwarder writes: a larger one is not ours. */
    static final int MAX_ATTEMPT = 100;

    public String toJson() {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode resume = body.putObject(FIELD).put("bucket", object.bucket()).put("key", object.key());
        if (object.versionId() != null) {
            resume.put("versionId", object.versionId());
        }
        resume.put("eTag", eTag);
        if (object.eTag() != null) {
            resume.put("notifiedETag", object.eTag());
        }
        resume.put("done", done.toString()).put("attempt", attempt);
        if (handOff != null) {
            resume.put("handOff", handOff);
        }
        if (destination != null) {
            resume.put("destination", destination);
        }
        return body.toString();
    }

    /** Reads a resume message strictly: anything out of shape is refused (the message goes to the DLQ). */
    static Resume fromJson(JsonNode resume) throws UnrecognisedNotificationException {
        String bucket = text(resume, "bucket");
        String key = text(resume, "key");
        String eTag = text(resume, "eTag");
        if (bucket == null || key == null || eTag == null) {
            throw new UnrecognisedNotificationException("a resume message needs bucket, key and eTag: " + excerpt(resume));
        }
        RecordRanges done;
        try {
            done = RecordRanges.parse(resume.path("done").isMissingNode() ? null : resume.path("done").textValue());
        } catch (IllegalArgumentException e) {
            throw new UnrecognisedNotificationException("a resume message with bad record ranges (" + e.getMessage() + "): "
                    + excerpt(resume));
        }
        JsonNode fromRecord = resume.path("fromRecord"); // written by earlier versions: the records before it are done
        if (!fromRecord.isMissingNode()) {
            if (!fromRecord.canConvertToLong() || !fromRecord.isIntegralNumber() || fromRecord.longValue() < 0) {
                throw new UnrecognisedNotificationException("a resume message whose fromRecord is not a record ordinal: "
                        + excerpt(resume));
            }
            done = done.union(RecordRanges.before(fromRecord.longValue()));
        }
        JsonNode attempt = resume.path("attempt");
        if (!attempt.isMissingNode() && (!attempt.canConvertToInt() || !attempt.isIntegralNumber() || attempt.intValue() < 0
                || attempt.intValue() > MAX_ATTEMPT)) {
            throw new UnrecognisedNotificationException("a resume message with an attempt count out of range: " + excerpt(resume));
        }
        return new Resume(new ObjectRef(bucket, key, text(resume, "versionId"), -1, text(resume, "notifiedETag")),
                eTag, done, attempt.asInt(0), text(resume, "handOff"), text(resume, "destination"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    private static String excerpt(JsonNode resume) {
        String text = resume.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
