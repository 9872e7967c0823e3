package dev.sentinelforwarder.handler.cost;

import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.sink.FailureScope;
import dev.sentinelforwarder.sink.Uploader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides what a failure costs beyond the request that met it. {@code sink.RetryPolicy} decides what
 * one answer means and how far it reaches ({@link FailureScope}); the readers decide that a bad record costs itself (the
 * quarantine) and a bad object the object. Here: what becomes of an object whose run did not settle every record
 * ({@link #afterRun}: handed on now, handed on after a delay, or its message failed for SQS to bring back and finally
 * move to the dead-letter queue), and, through a batch, which other objects a failure stops: those of its rule, its
 * destination, its identity, or every one ({@link #failed}, {@link #notStarted}). One instance per container: the
 * destinations that hung in its last batch go last in the next ({@link #hungLastBatch}).
 */
public final class FailureCosts {
    /** Failed attempts that are handed on, each after a longer delay, before the message itself fails (then the DLQ). */
    public static final int MAX_ATTEMPTS = 6;
    /** The shortest hand-on delay: the ledger has the hand-on's token by then, so the resume message's claim waits for it. */
    public static final Duration HAND_ON_DELAY = Duration.ofSeconds(2);

    /** What becomes of an object whose run did not settle every record. */
    public sealed interface AfterRun {
        /** A resume message goes on with it, as attempt {@code attempt}, after {@code delay}. */
        record HandOn(int attempt, Duration delay) implements AfterRun {
        }

        /** Its message fails: SQS brings it back, and the ledger keeps what was settled. */
        record FailMessage() implements AfterRun {
        }
    }

    private final boolean severalIdentities;
    /** Why no further object of this batch is started (one identity's credentials failed), or null. */
    private String everything;
    private final Map<DataCollectionRule, String> rules = new HashMap<>();
    private final Map<String, String> destinations = new HashMap<>();
    private final Map<ForwarderConfig.AzureCredentialsSource, String> identities = new HashMap<>();
    private Set<String> hungLastBatch = Set.of();

    /** @param severalIdentities whether destinations send as identities of their own: one's credentials stop only its objects */
    public FailureCosts(boolean severalIdentities) {
        this.severalIdentities = severalIdentities;
    }

    /**
     * Out of time with nothing failed: handed on at once (after {@link #HAND_ON_DELAY}), the same attempt. Failed part-way
     * with new records settled: handed on after the retry delay, doubled each attempt, up to {@link #MAX_ATTEMPTS}.
     * Otherwise, or where there is no queue to hand on to, the message fails.
     */
    public static AfterRun afterRun(boolean canHandOn, boolean outOfTime, boolean progress, int attempt, Duration retryDelay) {
        if (!canHandOn || !(outOfTime || (progress && attempt < MAX_ATTEMPTS))) {
            return new AfterRun.FailMessage();
        }
        int next = outOfTime ? attempt : attempt + 1;
        Duration backoff = outOfTime ? Duration.ZERO : retryDelay.multipliedBy(1L << Math.min(next - 1, 5));
        return new AfterRun.HandOn(next, backoff.compareTo(HAND_ON_DELAY) < 0 ? HAND_ON_DELAY : backoff);
    }

    /** A new batch: what the last one stopped is forgotten, but for the destinations that hung in it. */
    public void newBatch() {
        hungLastBatch = Set.copyOf(destinations.keySet());
        everything = null;
        rules.clear();
        destinations.clear();
        identities.clear();
    }

    /** Why no further object of this batch starts, or null. */
    public String batchStopped() {
        return everything;
    }

    /** Why an object bound for {@code uploader}'s rule is not started, given this batch's failures so far; null to start it. */
    public String notStarted(Uploader uploader) {
        if (everything != null) {
            return everything;
        }
        String destination = destinations.get(uploader.destination().name());
        if (destination != null) {
            return "an earlier object bound for the same destination got no answer from it: " + destination;
        }
        String rule = rules.get(uploader.rule());
        if (rule != null) {
            return "an earlier object bound for the same data collection rule failed for a reason this one would share: " + rule;
        }
        String identity = identities.get(uploader.destination().identity());
        return identity == null ? null
                : "an earlier object sent as the same identity failed for a reason this one would share: " + identity;
    }

    /** An object bound for {@code by} failed for {@code reason}, which reaches {@code scope}: what else it stops. */
    public void failed(FailureScope scope, String reason, Uploader by) {
        switch (scope) {
            case ALL -> {
                if (severalIdentities) {
                    identities.put(by.destination().identity(), reason);
                } else {
                    everything = "an earlier object of this batch failed for a reason the rest would share: " + reason;
                }
            }
            case DESTINATION -> destinations.put(by.destination().name(), reason);
            case RULE -> rules.put(by.rule(), reason);
            case REQUEST -> {
            }
        }
    }

    /** True when {@code destination} hung in this container's last batch: its objects go last in this one. */
    public boolean hungLastBatch(String destination) {
        return hungLastBatch.contains(destination);
    }

    /** True when some destination hung in the last batch. */
    public boolean anyHungLastBatch() {
        return !hungLastBatch.isEmpty();
    }
}
