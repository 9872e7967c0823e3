package dev.sentinelforwarder.pipeline;

import dev.sentinelforwarder.table.Row;
import java.io.IOException;

/** Where rows go: a file per table for {@code convert}, the Logs Ingestion API in the Lambda. */
@FunctionalInterface
public interface RowSink {
    void accept(Row row) throws IOException;
}
