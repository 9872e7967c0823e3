package dev.sentinelforwarder.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowJson;
import dev.sentinelforwarder.table.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Packs rows of one table into request bodies as full as the API allows: JSON arrays of at most
 * 1,000,000 bytes before compression, gzipped as they are built. Each row is serialised once, into a
 * small buffer, so its size is known before it is added.
 */
public final class RequestPacker {
    /**
     * The API refuses calls over 1 MB, measured both compressed and uncompressed; 1,000,000 bytes of JSON
     * stays below either reading of "1 MB".
     * https://learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits#logs-ingestion-api
     */
    public static final int MAX_REQUEST_BYTES = 1_000_000;

    private final TableSchema table;
    private final int gzipLevel;
    private final Consumer<PackedRequest> output;
    private final ByteArrayOutputStream rowBytes = new ByteArrayOutputStream(4 * 1024);
    private final JsonGenerator rowJson;
    private ByteArrayOutputStream body;
    private GZIPOutputStream gzip;
    private long[] records = new long[1024];
    private int rows;
    private int uncompressed;

    /**
     * @param gzipLevel deflate level 1 (fast) to 9 (small)
     * @param output receives each request when it is full and at {@link #flush()}
     */
    public RequestPacker(TableSchema table, int gzipLevel, Consumer<PackedRequest> output) {
        this.table = table;
        this.gzipLevel = gzipLevel;
        this.output = output;
        try {
            this.rowJson = Json.mapper().getFactory().createGenerator(rowBytes, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.rowJson.setRootValueSeparator(null);
    }

    /** @param recordIndex the ordinal of the source record, kept so a rejected row can be traced back */
    public void add(Row row, long recordIndex) throws IOException {
        rowBytes.reset();
        RowJson.write(row, rowJson);
        rowJson.flush();
        int size = rowBytes.size();
        if (size + 2 > MAX_REQUEST_BYTES) {
            throw new RowTooLargeException("a " + table + " row is " + size + " bytes of JSON, more than one request may carry ("
                    + MAX_REQUEST_BYTES + ")");
        }
        if (rows > 0 && uncompressed + 1 + size + 1 > MAX_REQUEST_BYTES) {
            flush();
        }
        if (rows == 0) {
            start();
        } else {
            gzip.write(',');
            uncompressed++;
        }
        rowBytes.writeTo(gzip);
        uncompressed += size;
        if (rows == records.length) {
            records = Arrays.copyOf(records, rows * 2);
        }
        records[rows++] = recordIndex;
    }

    /** Sends what has been packed so far, if anything. */
    public void flush() throws IOException {
        if (rows == 0) {
            return;
        }
        gzip.write(']');
        uncompressed++;
        gzip.close();
        PackedRequest request = new PackedRequest(table, body.toByteArray(), Arrays.copyOf(records, rows), uncompressed);
        rows = 0;
        uncompressed = 0;
        output.accept(request);
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
    public static PackedRequest of(TableSchema table, List<String> rows, long[] recordIndexes, int gzipLevel) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size = 1;
        try (GZIPOutputStream gzip = gzip(body, gzipLevel)) {
            gzip.write('[');
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    gzip.write(',');
                    size++;
                }
                byte[] row = rows.get(i).getBytes(StandardCharsets.UTF_8);
                gzip.write(row);
                size += row.length;
            }
            gzip.write(']');
            size++;
        }
        return new PackedRequest(table, body.toByteArray(), recordIndexes, size);
    }

    private static GZIPOutputStream gzip(ByteArrayOutputStream body, int level) throws IOException {
        // GZIPOutputStream has no level parameter; its Deflater is a protected field.
        return new GZIPOutputStream(body, 64 * 1024) {
            {
                def.setLevel(level);
            }
        };
    }

    private void start() throws IOException {
        body = new ByteArrayOutputStream(256 * 1024);
        gzip = gzip(body, gzipLevel);
        gzip.write('[');
        uncompressed = 1;
    }
}
