package dev.sentinelforwarder.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull reader over one decompressed log object. It streams: only the current record is in memory.
 *
 * @param <R> the raw record type of the format
 */
public interface RecordReader<R> extends Closeable {
    /**
     * The next record, or null at the end of the object.
     *
     * @throws UnreadableInputException when the rest of the object cannot be read (e.g. broken JSON
     *     syntax); records returned before stay valid
     */
    Read<R> next() throws IOException;

    /** How many CloudTrail digest documents were passed over: they hold no events. */
    default int digestsSkipped() {
        return 0;
    }

    /**
     * How many settled records the reader passed over without returning them (a Parquet row group an earlier attempt
     * finished is not even fetched); the others it returns, and the caller passes over.
     */
    default long passedOver() {
        return 0;
    }
}
