package dev.sentinelforwarder.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Stops reading decompressed content past a size, or past a compression ratio once there is enough of it
 * to judge: a gzip bomb (a few kilobytes that inflate to gigabytes) ends as a clear error instead of a
 * Lambda that runs out of time reading it.
 */
public final class DecompressionLimit extends FilterInputStream {
    /** Ratios are judged only past this many decompressed bytes: tiny objects can have any ratio. */
    static final long RATIO_GRACE_BYTES = 64L * 1024 * 1024;

    private final CountingInputStream compressed;
    private final long maxBytes;
    private final long maxRatio;
    private long count;

    /**
     * @param compressed counts the bytes read from S3, for the ratio
     * @param maxBytes most decompressed bytes read from one object
     * @param maxRatio most decompressed bytes per compressed byte
     */
    public DecompressionLimit(InputStream decompressed, CountingInputStream compressed, long maxBytes, long maxRatio) {
        super(decompressed);
        this.compressed = compressed;
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws IOException {
        count += n;
        if (count > maxBytes) {
            throw new UnreadableInputException("decompressed content passed the limit of " + maxBytes
                    + " bytes (MAX_DECOMPRESSED_BYTES) after " + compressed.count() + " compressed bytes");
        }
        if (count > RATIO_GRACE_BYTES && count > maxRatio * Math.max(1, compressed.count())) {
            throw new UnreadableInputException("decompressed content is more than " + maxRatio + " times its compressed size ("
                    + count + " from " + compressed.count() + " bytes, MAX_COMPRESSION_RATIO): a gzip bomb?");
        }
    }
}
