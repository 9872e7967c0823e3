package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.pipeline.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link ObjectLedger} on a DynamoDB table with the string partition key {@code object}
 * ({@code bucket/key#versionId#eTag}) and attributes {@code status} (IN_PROGRESS or COMPLETED) and
 * {@code expiresAt} (epoch seconds; also the table's TTL attribute). A claim is a conditional put that
 * succeeds only when there is no item or an IN_PROGRESS one whose time has passed, so a crashed
 * invocation never blocks an object for longer than its own Lambda timeout.
 */
public final class DynamoDbLedger implements ObjectLedger {
    /** An in-progress claim outlives the invocation by this much, for the message to come back. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(2);
    /** How long a hand-on keeps the claim: the resume chain has this long per step. */
    static final Duration HAND_ON_HOLD = Duration.ofHours(1);
    /** Completed items are kept this long: S3 and SQS duplicates arrive within minutes. */
    static final Duration COMPLETED_KEPT = Duration.ofDays(14);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoDbLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Claim claim(ObjectRef object, Deadline deadline) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("object", s(id(object)), "status", s("IN_PROGRESS"),
                            "expiresAt", n(now + deadline.remaining().plus(CLAIM_GRACE).toSeconds())))
                    .conditionExpression("attribute_not_exists(#o) OR (#s = :inProgress AND expiresAt < :now)")
                    .expressionAttributeNames(Map.of("#o", "object", "#s", "status"))
                    .expressionAttributeValues(Map.of(":inProgress", s("IN_PROGRESS"), ":now", n(now))));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(Map.of("object", s(id(object))))
                    .consistentRead(true)).item();
            return item != null && "COMPLETED".equals(item.get("status").s()) ? Claim.ALREADY_FORWARDED : Claim.IN_PROGRESS_ELSEWHERE;
        }
    }

    @Override
    public void completed(ObjectRef object) {
        set(object, "COMPLETED", clock.instant().plus(COMPLETED_KEPT).getEpochSecond());
    }

    @Override
    public void handedOn(ObjectRef object, Deadline deadline) {
        set(object, "IN_PROGRESS", clock.instant().plus(HAND_ON_HOLD).getEpochSecond());
    }

    @Override
    public void release(ObjectRef object) {
        set(object, "IN_PROGRESS", 0);
    }

    private void set(ObjectRef object, String status, long expiresAt) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("object", s(id(object)), "status", s(status), "expiresAt", n(expiresAt))));
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
