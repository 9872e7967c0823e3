package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.pipeline.RowSink;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.TableSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The rows of one object on their way to the ingestion API: packed per table, sent as each request
 * fills, and accounted for when the object ends. The object counts as delivered only when every one
 * of its requests was accepted.
 */
public final class ObjectUpload implements RowSink {
    private final Uploader uploader;
    private final Function<TableSchema, String> streams;
    private final int gzipLevel;
    private final Map<TableSchema, RequestPacker> packers = new HashMap<>();
    private final List<CompletableFuture<SendOutcome>> sent = new ArrayList<>();
    private int uncompressedBytes;

    public ObjectUpload(Uploader uploader, Function<TableSchema, String> streams, int gzipLevel) {
        this.uploader = uploader;
        this.streams = streams;
        this.gzipLevel = gzipLevel;
    }

    @Override
    public void accept(Row row) throws IOException {
        packers.computeIfAbsent(row.table(), table -> new RequestPacker(table, gzipLevel, request -> {
            uncompressedBytes += request.uncompressedBytes();
            sent.add(uploader.submit(streams.apply(request.table()), request));
        })).add(row);
    }

    /** Sends what is left and waits for every request of the object. */
    public Result finish() throws IOException {
        for (RequestPacker packer : packers.values()) {
            packer.flush();
        }
        return result();
    }

    /** Waits for the requests already sent, sending nothing more (the object failed part-way). */
    public Result abandon() {
        return result();
    }

    private Result result() {
        int rows = 0;
        long bytes = 0;
        List<SendOutcome.Failed> failures = new ArrayList<>();
        for (CompletableFuture<SendOutcome> future : sent) {
            switch (future.join()) {
                case SendOutcome.Accepted accepted -> {
                    rows += accepted.rows();
                    bytes += accepted.bytes();
                }
                case SendOutcome.Failed failed -> failures.add(failed);
            }
        }
        return new Result(sent.size(), rows, bytes, uncompressedBytes, failures);
    }

    /**
     * @param rowsAccepted rows in accepted requests
     * @param bytesSent compressed bytes of accepted requests
     * @param failures every request that was not accepted
     */
    public record Result(int requests, int rowsAccepted, long bytesSent, long uncompressedBytes, List<SendOutcome.Failed> failures) {
        public boolean allAccepted() {
            return failures.isEmpty();
        }
    }
}
