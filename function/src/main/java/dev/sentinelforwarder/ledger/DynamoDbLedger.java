package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link ObjectLedger} on a DynamoDB table with the string partition key {@code object}
 * ({@code bucket/key#versionId#eTag}) and attributes {@code status} (IN_PROGRESS or COMPLETED),
 * {@code expiresAt} (epoch seconds; also the table's TTL attribute), {@code done} (the settled record
 * ranges, while in progress), {@code handOff} (the token of the resume message the claim passed to) and
 * {@code destination} (where the object's rows go, set by the first claim and never changed).
 * A claim is a conditional update, so two invocations never hold an object at once, and a crashed one
 * holds it no longer than its own Lambda timeout. Needs {@code dynamodb:UpdateItem} and {@code dynamodb:GetItem}.
 */
public final class DynamoDbLedger implements ObjectLedger {
    /** An in-progress claim outlives the invocation by this much, for the message to come back. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(2);
    /** How long a hand-on keeps the claim for its resume message (delays and queue time included). */
    static final Duration HAND_ON_HOLD = Duration.ofHours(1);
    /** Items are kept this long after their last change: duplicates arrive within minutes, redrives within the DLQ's 14 days. */
    static final Duration KEPT = Duration.ofDays(14);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Claim claim(ObjectRef object, String handOff, Deadline deadline, String destination) {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":inProgress", s("IN_PROGRESS"), ":now", n(now),
                ":until", n(now + deadline.remaining().plus(CLAIM_GRACE).toSeconds()), ":kept", n(now + KEPT.toSeconds())));
        String free = "attribute_not_exists(#o) OR (#s = :inProgress AND claimUntil < :now)";
        if (handOff != null) {
            values.put(":token", s(handOff));
            free = "attribute_not_exists(#o) OR (#s = :inProgress AND (claimUntil < :now OR handOff = :token))";
        }
        String condition = free;
        String set = "SET #s = :inProgress, claimUntil = :until, expiresAt = :kept";
        if (destination != null) {
            values.put(":destination", s(destination));
            set += ", destination = if_not_exists(destination, :destination)";
        }
        String update = set + " REMOVE handOff";
        try {
            Map<String, AttributeValue> item = dynamoDb.updateItem(r -> r.tableName(table).key(key(object))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#o", "object", "#s", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            AttributeValue done = item == null ? null : item.get("done");
            AttributeValue recorded = item == null ? null : item.get("destination");
            return new Claim(Status.CLAIMED, done == null ? RecordRanges.NONE : RecordRanges.parse(done.s()),
                    recorded == null ? destination : recorded.s());
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(object)).consistentRead(true)).item();
            boolean completed = item != null && item.containsKey("status") && "COMPLETED".equals(item.get("status").s());
            boolean handedOn = item != null && item.containsKey("handOff");
            return new Claim(completed ? Status.ALREADY_FORWARDED : handedOn ? Status.HANDED_ON : Status.BUSY, RecordRanges.NONE, null);
        }
    }

    @Override
    public void completed(ObjectRef object) {
        update(object, "COMPLETED", 0, RecordRanges.NONE, null);
    }

    @Override
    public void handedOn(ObjectRef object, RecordRanges done, String handOff) {
        update(object, "IN_PROGRESS", clock.instant().plus(HAND_ON_HOLD).getEpochSecond(), done, handOff);
    }

    @Override
    public void release(ObjectRef object, RecordRanges done) {
        update(object, "IN_PROGRESS", 0, done, null);
    }

    /** Sets the item's state; {@code done} and {@code handOff} are removed when empty. */
    private void update(ObjectRef object, String status, long claimUntil, RecordRanges done, String handOff) {
        List<String> set = new ArrayList<>(List.of("#s = :status", "claimUntil = :until", "expiresAt = :kept"));
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status), ":until", n(claimUntil),
                ":kept", n(clock.instant().plus(KEPT).getEpochSecond())));
        if (done.isEmpty()) {
            remove.add("done");
        } else {
            set.add("done = :done");
            values.put(":done", s(done.toString()));
        }
        if (handOff == null) {
            remove.add("handOff");
        } else {
            set.add("handOff = :token");
            values.put(":token", s(handOff));
        }
        String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        dynamoDb.updateItem(r -> r.tableName(table).key(key(object)).updateExpression(expression)
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values));
    }

    private static Map<String, AttributeValue> key(ObjectRef object) {
        return Map.of("object", s(id(object)));
    }

    static String id(ObjectRef object) {
        return object.bucket() + "/" + object.key() + "#" + nullToEmpty(object.versionId()) + "#" + nullToEmpty(object.eTag());
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
