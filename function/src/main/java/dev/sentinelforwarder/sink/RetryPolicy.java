package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.pipeline.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When to send a failed request again: 408, 429, 500, 502, 503, 504 and connection failures are retried,
 * after the service's {@code Retry-After} when it gives one, else after an exponential delay with full
 * jitter. Retries stop when the next attempt would end past the deadline, not after a fixed count: the
 * message then fails and SQS brings it back later.
 */
public final class RetryPolicy {
    static final Set<Integer> RETRYABLE = Set.of(0, 408, 429, 500, 502, 503, 504);
    static final Duration FIRST_DELAY = Duration.ofMillis(400);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final Duration reserve;
    private final RandomGenerator random;

    /** @param reserve time kept free after the last attempt, for the request itself and the wrap-up */
    public RetryPolicy(Duration reserve, RandomGenerator random) {
        this.reserve = reserve;
        this.random = random;
    }

    /** The wait before retry number {@code retry} (0 for the first), or empty when the request should not be retried. */
    public Optional<Duration> delay(SendOutcome.Failed failure, int retry, Deadline deadline) {
        if (!RETRYABLE.contains(failure.status())) {
            return Optional.empty();
        }
        Duration delay = failure.retryAfter() != null ? failure.retryAfter() : jittered(retry);
        if (deadline.remaining().minus(reserve).compareTo(delay) < 0) {
            return Optional.empty();
        }
        return Optional.of(delay);
    }

    private Duration jittered(int retry) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(retry, 16));
        return Duration.ofMillis(random.nextLong(ceiling / 2, ceiling + 1));
    }
}
