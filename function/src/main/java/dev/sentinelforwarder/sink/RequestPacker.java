package dev.sentinelforwarder.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.RowJson;
import dev.sentinelforwarder.table.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Packs rows of one table into request bodies as full as the API allows: JSON arrays of at most
 * 1,000,000 bytes before compression. Each row is serialised once, into a small buffer, so its size is
 * known before it is added.
 *
 * <p>A full body is gzipped in one call, on the compressor thread when there is a second core, while the
 * next body fills: compression is the largest single cost, feeding zlib row by row cost a third more than
 * one call per body, and libdeflate only compresses whole buffers. At most one body is being compressed per packer, so memory stays at two bodies.
 */
public final class RequestPacker {
    /**
     * The API refuses calls over 1 MB, measured both compressed and uncompressed; 1,000,000 bytes of JSON
     * stays below either reading of "1 MB".
     * https://learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits#logs-ingestion-api
     */
    public static final int MAX_REQUEST_BYTES = 1_000_000;
    /** The shortest a value is cut to for a row to fit a request: 44 columns of 1 KB, even all escaped, fit. */
    static final int MIN_VALUE_CAP = 1024;

    private static final Executor COMPRESSOR = Runtime.getRuntime().availableProcessors() > 1
            ? Executors.newSingleThreadExecutor(Thread.ofPlatform().name("request-compressor").daemon().factory())
            : Runnable::run;

    private final TableSchema table;
    private final RowFormat format;
    private final Compression compression;
    private final Consumer<PackedRequest> output;
    private final Executor compressor;
    private final RowBuffer rowBytes = new RowBuffer();
    private final JsonGenerator rowJson;
    private Body filling = new Body();
    private Body spare = new Body();
    private Future<?> compressing = CompletableFuture.completedFuture(null);

    /**
     * @param compression how each full body is gzipped
     * @param output receives each request, in order, when it is full and at {@link #flush()}; on the
     *     compressor thread when there is one
     */
    public RequestPacker(TableSchema table, RowFormat format, Compression compression, Consumer<PackedRequest> output) {
        this(table, format, compression, output, COMPRESSOR);
    }

    /** @param compressor runs the compression of each full body and the hand-over to {@code output} */
    RequestPacker(TableSchema table, RowFormat format, Compression compression, Consumer<PackedRequest> output, Executor compressor) {
        this.table = table;
        this.format = format;
        this.compression = compression;
        this.output = output;
        this.compressor = compressor;
        try {
            this.rowJson = Json.mapper().getFactory().createGenerator(rowBytes, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.rowJson.setRootValueSeparator(null);
    }

    /**
     * Adds a row to the body being filled, unless it would not fit there: then nothing is added and the
     * caller hands the body over ({@link #handOver}) and adds the row again. A row too large for any request
     * even after the 64 KB cuts (dozens of long values) has its longest values cut further, counted on the row.
     *
     * @param recordIndex the ordinal of the source record, kept so a rejected row can be traced back
     * @return false when the body is too full for the row
     * @throws RowTooLargeException when even cut values leave the row too large (not possible with today's tables)
     */
    public boolean add(Row row, long recordIndex) throws IOException {
        int size = serialise(row);
        for (int cap = Row.MAX_VALUE_BYTES / 2; size + 2 > MAX_REQUEST_BYTES && cap >= MIN_VALUE_CAP; cap /= 2) {
            row.capValues(cap);
            size = serialise(row);
        }
        if (size + 2 > MAX_REQUEST_BYTES) {
            throw new RowTooLargeException("a " + table + " row is " + size + " bytes of JSON even with every value cut to "
                    + MIN_VALUE_CAP + " bytes, more than one request may carry (" + MAX_REQUEST_BYTES + ")");
        }
        if (filling.rows > 0 && filling.length + 1 + size + 1 > MAX_REQUEST_BYTES) {
            return false;
        }
        filling.add(rowBytes, recordIndex);
        return true;
    }

    private int serialise(Row row) throws IOException {
        rowBytes.reset();
        RowJson.write(row, format, rowJson);
        rowJson.flush();
        return rowBytes.size();
    }

    /** {@link #add}, handing the body over first when the row does not fit it: for callers with no units of their own. */
    public void pack(Row row, long recordIndex) throws IOException {
        if (!add(row, recordIndex)) {
            handOver();
            add(row, recordIndex);
        }
    }

    /** Drops the rows packed since the last hand-over: they will not be sent. */
    public void discard() {
        filling.clear();
    }

    /** Sends what has been packed so far, if anything, and returns once every request has reached the output. */
    public void flush() throws IOException {
        handOver();
        await();
    }

    /** Compresses and sends the body filled so far, if it holds a row, while the next one fills. */
    public void handOver() throws IOException {
        if (filling.rows == 0) {
            return;
        }
        await(); // the spare body is free again
        Body full = filling;
        filling = spare;
        filling.clear();
        spare = full;
        FutureTask<Void> task = new FutureTask<>(() -> output.accept(full.toRequest(table, format, compression)), null);
        compressing = task;
        compressor.execute(task);
    }

    /** Returns once the body handed over last has reached the output. */
    public void await() throws IOException {
        try {
            compressing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a request was being compressed");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** One row's JSON; copied into the body without the extra array {@code toByteArray()} would make. */
    private static final class RowBuffer extends ByteArrayOutputStream {
        RowBuffer() {
            super(4 * 1024);
        }

        int copyTo(byte[] target, int at) {
            System.arraycopy(buf, 0, target, at, count);
            return count;
        }
    }

    /** The JSON array of one request as it fills. */
    private static final class Body {
        private byte[] json = new byte[64 * 1024];
        private int length;
        private long[] records = new long[1024];
        private int rows;

        void add(RowBuffer row, long recordIndex) {
            int needed = length + 1 + row.size() + 1;
            if (needed > json.length) {
                json = Arrays.copyOf(json, Math.min(Math.max(needed, json.length * 2), MAX_REQUEST_BYTES));
            }
            json[length++] = (byte) (rows == 0 ? '[' : ',');
            length += row.copyTo(json, length);
            if (rows == records.length) {
                records = Arrays.copyOf(records, rows * 2);
            }
            records[rows++] = recordIndex;
        }

        PackedRequest toRequest(TableSchema table, RowFormat format, Compression compression) {
            json[length] = ']';
            int size = length + 1;
            return new PackedRequest(table, format, compression.gzip(table, json, 0, size), Arrays.copyOf(records, rows), size);
        }

        void clear() {
            length = 0;
            rows = 0;
        }
    }

    /**
     * The rows of a request as JSON texts, in order: for splitting a request the service refused, which is
     * rare enough that decompressing again costs less than keeping every row's bytes around.
     */
    public static List<String> rowsOf(PackedRequest request) throws IOException {
        List<String> rows = new ArrayList<>(request.rows());
        try (JsonParser parser = Json.mapper().createParser(new GZIPInputStream(new ByteArrayInputStream(request.gzipBody())))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("request body is not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                rows.add(parser.readValueAsTree().toString());
            }
        }
        return rows;
    }

    /** A request of the given rows (JSON texts) and their record ordinals, for resending part of a refused one. */
    public static PackedRequest of(TableSchema table, RowFormat format, List<String> rows, long[] recordIndexes, Compression compression) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                json.write(',');
            }
            json.writeBytes(rows.get(i).getBytes(StandardCharsets.UTF_8));
        }
        json.write(']');
        return new PackedRequest(table, format, compression.gzip(table, json.toByteArray(), 0, json.size()), recordIndexes, json.size());
    }
}
