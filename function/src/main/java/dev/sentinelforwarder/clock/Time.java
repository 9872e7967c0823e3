package dev.sentinelforwarder.clock;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What the forwarder's waiting reads and does: the clock its deadlines and ledger claims are measured on, the
 * wait between attempts, and the jitter of those waits. In Lambda they are the system's; tests pass a clock
 * that moves only when the forwarder waits, so retries and deadlines decide the same every run, at once.
 */
public record Time(Clock clock, Sleeper sleeper, RandomGenerator jitter) {
    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    public static Time system() {
        return new Time(Clock.systemUTC(), Thread::sleep, RandomGenerator.getDefault());
    }
}
