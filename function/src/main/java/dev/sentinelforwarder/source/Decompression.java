package dev.sentinelforwarder.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens an object's bytes as text, inflating gzip when the content starts with the gzip magic bytes
 * {@code 1f 8b}. The name and Content-Encoding are not consulted: they disagree with the bytes often
 * enough to mislead. Concatenated gzip members are read as one stream ({@link GzipMembersInputStream}).
 */
public final class Decompression {
    private static final int BUFFER = 64 * 1024;

    private Decompression() {
    }

    /** Whether {@code content}, from {@link #open}, is being inflated. */
    public static boolean isGzip(InputStream content) {
        return content instanceof GzipMembersInputStream;
    }

    /** The decompressed content of {@code raw}; the caller closes it. */
    public static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new GzipMembersInputStream(in, BUFFER);
        }
        return in;
    }
}
