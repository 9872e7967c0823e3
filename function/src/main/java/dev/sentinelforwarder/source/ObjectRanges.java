package dev.sentinelforwarder.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Byte ranges of one object version, for a format that keeps its index at the end (Parquet's footer) and so
 * cannot be read as one stream. A range is streamed: the caller reads as much of it as it needs and closes it.
 */
public interface ObjectRanges {
    /** The object's length in bytes. */
    long length();

    /**
     * The {@code length} bytes from {@code from}, as a stream; reading past them ends it.
     *
     * @throws ObjectReadException when they could not be read (S3 stopped sending, the object changed, time ran out):
     *     reading again later can succeed
     */
    InputStream open(long from, long length) throws IOException;

    /** How many bytes the ranges opened so far have given. */
    long fetched();

    /** The {@code length} bytes from {@code from}, whole: for ranges small enough to hold. */
    default byte[] read(long from, int length) throws IOException {
        try (InputStream in = open(from, length)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new ObjectReadException("bytes " + from + "-" + (from + length - 1) + ": the range ended after " + bytes.length
                        + " of its " + length + " bytes", null);
            }
            return bytes;
        }
    }
}
