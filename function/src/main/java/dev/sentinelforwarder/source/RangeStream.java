package dev.sentinelforwarder.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** One range's bytes: no more than its length, each read counted into its object's total. */
final class RangeStream extends FilterInputStream {
    private long left;
    private final LongConsumer counted;

    RangeStream(InputStream in, long length, LongConsumer counted) {
        super(in);
        this.left = length;
        this.counted = counted;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return len == 0 ? 0 : -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
            counted.accept(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, left));
        left -= skipped;
        counted.accept(skipped);
        return skipped;
    }

    /** Read to its end, the range's transfer is ended by reading the end of it, not aborted, so its connection is kept. */
    @Override
    public void close() throws IOException {
        if (left == 0) {
            try {
                in.read();
            } catch (IOException e) {
                // Everything asked for was read; the connection is simply not reused.
            }
        }
        super.close();
    }
}
