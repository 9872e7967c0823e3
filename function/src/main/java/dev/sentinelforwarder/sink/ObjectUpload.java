package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.pipeline.Deadline;
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
 * fills, and accounted for when the object ends.
 */
public final class ObjectUpload implements RowSink {
    private final Uploader uploader;
    private final Function<TableSchema, String> streams;
    private final int gzipLevel;
    private final Deadline deadline;
    private final Map<TableSchema, RequestPacker> packers = new HashMap<>();
    private final List<CompletableFuture<Delivery>> sent = new ArrayList<>();

    public ObjectUpload(Uploader uploader, Function<TableSchema, String> streams, int gzipLevel, Deadline deadline) {
        this.uploader = uploader;
        this.streams = streams;
        this.gzipLevel = gzipLevel;
        this.deadline = deadline;
    }

    @Override
    public void accept(Row row, long recordIndex) throws IOException {
        packers.computeIfAbsent(row.table(), table -> new RequestPacker(table, gzipLevel,
                request -> sent.add(uploader.submit(streams.apply(request.table()), request, deadline)))).add(row, recordIndex);
    }

    /** Sends what is left and waits for every request of the object. */
    public Delivery finish() throws IOException {
        for (RequestPacker packer : packers.values()) {
            packer.flush();
        }
        return abandon();
    }

    /** Waits for the requests already sent, sending nothing more (reading stopped part-way). */
    public Delivery abandon() {
        Delivery total = Delivery.NONE;
        for (CompletableFuture<Delivery> delivery : sent) {
            total = total.plus(delivery.join());
        }
        return total;
    }
}
