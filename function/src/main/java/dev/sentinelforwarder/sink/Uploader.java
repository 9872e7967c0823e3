package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.pipeline.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Delivers packed requests, at most {@code concurrency} at a time, so network latency does not serialise
 * the work; the caller blocks while that many are in flight, which bounds memory to a few request bodies.
 * Each request is retried per the {@link RetryPolicy}. A request the service refuses for its content
 * (400, or 413 which our packing should make impossible) is split in halves and resent until the
 * offending rows stand alone; those are returned as rejected so they can be quarantined.
 */
public final class Uploader implements AutoCloseable {
    private final IngestionClient client;
    private final RetryPolicy retryPolicy;
    private final int gzipLevel;
    private final Semaphore inFlight;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Uploader(IngestionClient client, RetryPolicy retryPolicy, int concurrency, int gzipLevel) {
        this.client = client;
        this.retryPolicy = retryPolicy;
        this.gzipLevel = gzipLevel;
        this.inFlight = new Semaphore(concurrency);
    }

    public CompletableFuture<Delivery> submit(String stream, PackedRequest request, Deadline deadline) {
        inFlight.acquireUninterruptibly();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return deliver(stream, request, deadline);
                } finally {
                    inFlight.release();
                }
            }, executor);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private Delivery deliver(String stream, PackedRequest request, Deadline deadline) {
        int retries = 0;
        int throttles = 0;
        while (true) {
            switch (client.send(stream, request)) {
                case SendOutcome.Accepted accepted -> {
                    return Delivery.accepted(accepted).withRetries(retries, throttles);
                }
                case SendOutcome.Failed failed -> {
                    if (failed.status() == 429) {
                        throttles++;
                    }
                    if (failed.status() == 400 || failed.status() == 413) {
                        return refusedContent(stream, request, failed, deadline).withRetries(retries, throttles);
                    }
                    Optional<Duration> delay = retryPolicy.delay(failed, retries, deadline);
                    if (delay.isEmpty()) {
                        return Delivery.failed(failed).withRetries(retries, throttles);
                    }
                    sleep(delay.get());
                    retries++;
                }
            }
        }
    }

    private Delivery refusedContent(String stream, PackedRequest request, SendOutcome.Failed failed, Deadline deadline) {
        try {
            List<String> rows = RequestPacker.rowsOf(request);
            if (rows.size() == 1) {
                return Delivery.rejected(new Delivery.RejectedRow(request.recordIndexes()[0], rows.getFirst(), failed));
            }
            int half = rows.size() / 2;
            long[] records = request.recordIndexes();
            PackedRequest first = RequestPacker.of(request.table(), rows.subList(0, half), Arrays.copyOfRange(records, 0, half), gzipLevel);
            PackedRequest second = RequestPacker.of(request.table(), rows.subList(half, rows.size()),
                    Arrays.copyOfRange(records, half, records.length), gzipLevel);
            return deliver(stream, first, deadline).plus(deliver(stream, second, deadline));
        } catch (IOException e) {
            throw new UncheckedIOException("could not split a refused request", e);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
