package dev.sentinelforwarder.sink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Sends requests concurrently, at most {@code concurrency} at a time, so network latency does not
 * serialise the work. The caller blocks while that many are in flight: that bounds memory to a few
 * compressed request bodies however fast the object is read.
 */
public final class Uploader implements AutoCloseable {
    private final IngestionClient client;
    private final Semaphore inFlight;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Uploader(IngestionClient client, int concurrency) {
        this.client = client;
        this.inFlight = new Semaphore(concurrency);
    }

    public CompletableFuture<SendOutcome> submit(String stream, PackedRequest request) {
        inFlight.acquireUninterruptibly();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(stream, request);
                } finally {
                    inFlight.release();
                }
            }, executor);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
