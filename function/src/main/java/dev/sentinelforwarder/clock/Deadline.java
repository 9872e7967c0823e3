package dev.sentinelforwarder.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When the invocation must be done by (Lambda's remaining time), against a clock that tests can set. */
public record Deadline(Instant end, Clock clock) {
    public static Deadline after(Duration remaining, Clock clock) {
        return new Deadline(clock.instant().plus(remaining), clock);
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** True when less than {@code margin} is left. */
    public boolean within(Duration margin) {
        return remaining().compareTo(margin) < 0;
    }
}
