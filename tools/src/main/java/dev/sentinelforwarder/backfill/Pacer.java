package dev.sentinelforwarder.backfill;

/**
 * Spaces out notifications so that what the forwarder then sends stays within one data collection rule's
 * Logs Ingestion limits (12,000 requests and 2 GB a minute): at most {@code objectsPerSecond} objects, and at
 * most {@code bytesPerSecond} of estimated request JSON (compressed size times {@link #EXPANSION}). By hand
 * rather than a rate-limiter library: two running sums and a sleep are all it takes.
 */
public final class Pacer {
    /**
     * Request JSON per compressed byte, on the high side of what bench measures (CloudTrail about 15, VPC Flow about
     * 24: its rows are 2.4 times its text), so the estimate errs towards sending slower.
     */
    public static final double EXPANSION = 25;
    /** Half the rule's 12,000 requests a minute: every object takes at least one request; the rest is left to live traffic. */
    public static final double DEFAULT_OBJECTS_PER_SECOND = 100;
    /** Half the rule's 2 GB a minute. */
    public static final double DEFAULT_BYTES_PER_SECOND = 1e9 / 60;

    private final double objectsPerSecond;
    private final double bytesPerSecond;
    private long start = -1;
    private double objects;
    private double bytes;

    public Pacer(double objectsPerSecond, double bytesPerSecond) {
        this.objectsPerSecond = objectsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Waits until one more object of {@code compressedBytes} fits both rates since the first call. */
    void acquire(long compressedBytes) throws InterruptedException {
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        objects += 1;
        bytes += compressedBytes * EXPANSION;
        double due = Math.max((objects - 1) / objectsPerSecond, bytes / bytesPerSecond - 1); // a second of bytes may go at once
        long waitNanos = start + (long) (due * 1e9) - now;
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
