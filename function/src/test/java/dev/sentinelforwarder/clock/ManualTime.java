package dev.sentinelforwarder.clock;

import com.azure.core.http.HttpClient;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.Time;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Time that moves only when the forwarder waits (or the test moves it): a retry's wait passes at once and
 * is recorded, so what a deadline allows is decided by the waits alone, the same on a slow machine as on a
 * fast one. The jitter is seeded for the same reason.
 */
public final class ManualTime {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Instant start = now.get();
    private volatile Runnable onWait = () -> { };

    public Time time() {
        return new Time(clock(), delay -> {
            waits.add(delay);
            advance(delay);
            onWait.run();
        }, new SplittableRandom(7));
    }

    /** Runs {@code action} at the end of every wait: what changes in the world while the forwarder waits. */
    public void onWait(Runnable action) {
        onWait = action;
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }

    /** {@code http}, each of whose calls takes {@code each} of this time (a slow service, without waiting for it). */
    public HttpClient taking(Duration each, HttpClient http) {
        return request -> {
            advance(each);
            return http.send(request);
        };
    }

    public Deadline deadlineAfter(Duration remaining) {
        return Deadline.after(remaining, clock());
    }

    public void advance(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
    }

    /** The waits between attempts, in order. */
    public List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** How far this time has moved since it was made. */
    public Duration elapsed() {
        return Duration.between(start, now.get());
    }
}
