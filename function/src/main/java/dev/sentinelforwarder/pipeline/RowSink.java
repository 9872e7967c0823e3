package dev.sentinelforwarder.pipeline;

import dev.sentinelforwarder.table.Row;
import java.io.IOException;

/** Where rows go: a file per table for {@code convert}, the Logs Ingestion API in the Lambda. */
@FunctionalInterface
public interface RowSink {
    /** @param recordIndex the 0-based ordinal of the record the row came from, for tracing a row to its source */
    void accept(Row row, long recordIndex) throws IOException;
}
