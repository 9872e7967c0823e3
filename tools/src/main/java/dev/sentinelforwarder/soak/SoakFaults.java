package dev.sentinelforwarder.soak;

import dev.sentinelforwarder.local.LogsIngestionFake.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The faults the soak's ingestion endpoint answers with, decided per request: outage windows (every
 * request refused with 503 for the first {@code outageFor} of every {@code outageEvery}, so even a run shorter
 * than one period meets an outage), a stream that refuses
 * every row (400), hanging connections, slow accepts (1-3 s, shorter than any attempt's timeout, so never
 * in doubt), and passing faults (429 with Retry-After 1, 503, a dropped connection).
 */
public final class SoakFaults implements BiFunction<String, String, Fault> {
    /** What is asked of the faults; rates are shares of requests. */
    /**
     * @param refusingRule a data collection rule that answers every request 403 (as while a role assignment is not yet
     *     visible) for the first {@code refusingFor} of the run, or null
     */
    public record Plan(Duration outageEvery, Duration outageFor, String refusedStream, double hangRate, double slowRate, double faultRate,
            String refusingRule, Duration refusingFor) {
        static final Plan NONE = new Plan(Duration.ZERO, Duration.ZERO, null, 0, 0, 0, null, Duration.ZERO);
    }

    private final Plan plan;
    private final SplittableRandom random;
    private final long started = System.nanoTime();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    SoakFaults(Plan plan, long seed) {
        this.plan = plan;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Fault apply(String rule, String stream) {
        if (plan.refusedStream() != null && plan.refusedStream().equals(stream)) {
            return count("refused (400)", new Fault.Status(400, null));
        }
        long elapsed = System.nanoTime() - started;
        if (rule.equals(plan.refusingRule()) && elapsed < plan.refusingFor().toNanos()) {
            return count("rule refusing (403)", new Fault.Status(403, null));
        }
        if (!plan.outageEvery().isZero() && elapsed % plan.outageEvery().toNanos() < plan.outageFor().toNanos()) {
            return count("outage (503)", new Fault.Status(503, null));
        }
        double roll;
        int pick;
        synchronized (random) {
            roll = random.nextDouble();
            pick = random.nextInt(3);
        }
        if (roll < plan.hangRate()) {
            return count("hang", new Fault.Hang());
        }
        roll -= plan.hangRate();
        if (roll < plan.slowRate()) {
            return count("slow accept", new Fault.Delay(1_000 + (long) (roll / plan.slowRate() * 2_000)));
        }
        roll -= plan.slowRate();
        if (roll < plan.faultRate()) {
            return switch (pick) {
                case 0 -> count("429", new Fault.Status(429, "1"));
                case 1 -> count("503", new Fault.Status(503, null));
                default -> count("dropped connection", new Fault.Drop());
            };
        }
        return null;
    }

    private Fault count(String kind, Fault fault) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        return fault;
    }

    /** How many requests got each kind of fault. */
    Map<String, Long> counts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((kind, n) -> copy.put(kind, n.get()));
        return copy;
    }
}
