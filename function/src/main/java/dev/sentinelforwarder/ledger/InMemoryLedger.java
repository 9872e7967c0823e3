package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ObjectLedger} in this process's memory, with the DynamoDB ledger's rules: for local runs and tests. */
public final class InMemoryLedger implements ObjectLedger {
    private record Entry(boolean completed, Instant claimUntil, RecordRanges done, String handOff, String destination) {
        boolean free(Instant now, String token) {
            return !completed && (claimUntil.isBefore(now) || (token != null && token.equals(handOff)));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claim claim(ObjectRef object, String handOff, Deadline deadline, String destination) {
        Instant now = clock.instant();
        Instant until = now.plus(deadline.remaining()).plus(DynamoDbLedger.CLAIM_GRACE);
        Entry[] before = new Entry[1];
        Entry after = entries.compute(DynamoDbLedger.id(object), (id, current) -> {
            before[0] = current;
            return current == null ? new Entry(false, until, RecordRanges.NONE, null, destination)
                    : current.free(now, handOff) ? new Entry(false, until, current.done(), null,
                            current.destination() != null ? current.destination() : destination) : current;
        });
        if (before[0] == null || before[0].free(now, handOff)) {
            return new Claim(Status.CLAIMED, after.done(), after.destination());
        }
        return new Claim(before[0].completed() ? Status.ALREADY_FORWARDED : before[0].handOff() != null ? Status.HANDED_ON : Status.BUSY,
                RecordRanges.NONE, null);
    }

    @Override
    public void completed(ObjectRef object) {
        entries.put(DynamoDbLedger.id(object), new Entry(true, clock.instant().plus(DynamoDbLedger.KEPT), RecordRanges.NONE, null, null));
    }

    @Override
    public void handedOn(ObjectRef object, RecordRanges done, String handOff) {
        entries.compute(DynamoDbLedger.id(object), (id, current) -> new Entry(false, clock.instant().plus(DynamoDbLedger.HAND_ON_HOLD),
                done, handOff, current == null ? null : current.destination()));
    }

    @Override
    public void release(ObjectRef object, RecordRanges done) {
        entries.compute(DynamoDbLedger.id(object), (id, current) -> new Entry(false, Instant.EPOCH, done, null,
                current == null ? null : current.destination()));
    }
}
