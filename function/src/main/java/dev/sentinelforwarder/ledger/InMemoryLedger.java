package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.pipeline.Deadline;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ObjectLedger} in this process's memory, with the DynamoDB ledger's rules: for local and soak runs. */
public final class InMemoryLedger implements ObjectLedger {
    private record Entry(boolean completed, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claim claim(ObjectRef object, Deadline deadline) {
        Instant now = clock.instant();
        Entry claimed = new Entry(false, now.plus(deadline.remaining()).plus(DynamoDbLedger.CLAIM_GRACE));
        Entry[] before = new Entry[1];
        entries.compute(DynamoDbLedger.id(object), (id, current) -> {
            before[0] = current;
            return current == null || (!current.completed() && current.expiresAt().isBefore(now)) ? claimed : current;
        });
        if (before[0] == null || (!before[0].completed() && before[0].expiresAt().isBefore(now))) {
            return Claim.CLAIMED;
        }
        return before[0].completed() ? Claim.ALREADY_FORWARDED : Claim.IN_PROGRESS_ELSEWHERE;
    }

    @Override
    public void completed(ObjectRef object) {
        entries.put(DynamoDbLedger.id(object), new Entry(true, clock.instant().plus(DynamoDbLedger.COMPLETED_KEPT)));
    }

    @Override
    public void handedOn(ObjectRef object, Deadline deadline) {
        entries.put(DynamoDbLedger.id(object), new Entry(false, clock.instant().plus(DynamoDbLedger.HAND_ON_HOLD)));
    }

    @Override
    public void release(ObjectRef object) {
        entries.put(DynamoDbLedger.id(object), new Entry(false, Instant.EPOCH));
    }
}
