package dev.sentinelforwarder.source;

import java.io.IOException;

/**
 * Byte ranges of one object version, for a format that keeps its index at the end (Parquet's footer) and so
 * cannot be read as one stream. Each range is read whole by one request; the caller bounds its length.
 */
public interface ObjectRanges {
    /** The object's length in bytes. */
    long length();

    /**
     * The {@code length} bytes from {@code from}.
     *
     * @throws ObjectReadException when they could not be read (S3 stopped sending, the object changed, time ran out):
     *     reading again later can succeed
     */
    byte[] read(long from, int length) throws IOException;

    /** How many bytes the reads so far fetched. */
    long fetched();
}
