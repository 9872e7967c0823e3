package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.pipeline.RowSink;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.RowJson;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes rows to {@code DIR/<Table>.ndjson}, one JSON object per line, opening a file when its table first appears. */
final class NdjsonTableFiles implements RowSink, Closeable {
    private final Path directory;
    private final Map<TableSchema, JsonGenerator> files = new LinkedHashMap<>();
    private final Map<TableSchema, Long> counts = new LinkedHashMap<>();

    NdjsonTableFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        for (TableSchema table : Tables.ALL) {
            Files.deleteIfExists(fileOf(table)); // a file left by an earlier run would pass for this run's output
        }
    }

    @Override
    public void accept(Row row, long recordIndex) throws IOException {
        JsonGenerator out = files.get(row.table());
        if (out == null) {
            out = Json.mapper().getFactory().createGenerator(fileOf(row.table()).toFile(), JsonEncoding.UTF8);
            out.setRootValueSeparator(null); // we end each row with '\n' ourselves
            files.put(row.table(), out);
        }
        RowJson.write(row, RowFormat.FULL, out);
        out.writeRaw('\n');
        counts.merge(row.table(), 1L, Long::sum);
    }

    Path fileOf(TableSchema table) {
        return directory.resolve(table.name() + ".ndjson");
    }

    /** Rows written per table, in the order the tables first appeared. */
    Map<TableSchema, Long> counts() {
        return counts;
    }

    @Override
    public void close() throws IOException {
        for (JsonGenerator out : files.values()) {
            out.close();
        }
    }
}
