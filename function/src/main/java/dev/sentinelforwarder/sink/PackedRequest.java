package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;

/**
 * One Logs Ingestion request body: a gzipped JSON array of rows of one table, their columns named as {@code format} names them.
 *
 * @param gzipBody what goes on the wire
 * @param recordIndexes for each row, in order, the ordinal of the source record it came from
 * @param uncompressedBytes the JSON array's size before compression, at most {@link RequestPacker#MAX_REQUEST_BYTES}
 */
public record PackedRequest(TableSchema table, RowFormat format, byte[] gzipBody, long[] recordIndexes, int uncompressedBytes) {
    public int rows() {
        return recordIndexes.length;
    }
}
