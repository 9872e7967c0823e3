package dev.sentinelforwarder.source;

import dev.sentinelforwarder.clock.Deadline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import software.amazon.awssdk.http.Abortable;

/**
 * An object's bytes as S3 sends them, guarded: any failure of the underlying stream (an I/O error, or the
 * SDK's unchecked exceptions for a broken or short transfer) becomes an {@link ObjectReadException}, so it
 * cannot be mistaken for damaged content, and no byte is read once less than {@code reserve} of the
 * invocation is left. Readers stop between records well before that; this stops input that yields no
 * records at all (a long run of empty gzip members, say) from outliving the invocation.
 */
public final class ObjectStream extends FilterInputStream {
    private final String name;
    private final Deadline deadline;
    private final Duration reserve;
    private long count;
    private boolean ended;

    public ObjectStream(InputStream in, String name, Deadline deadline, Duration reserve) {
        super(in);
        this.name = name;
        this.deadline = deadline;
        this.reserve = reserve;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (deadline.within(reserve)) {
            throw new ObjectReadException(name + ": reading stopped after " + count + " bytes: the invocation's time ran out", null);
        }
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw new ObjectReadException(name + ": reading from S3 stopped after " + count + " bytes: " + e, e);
        }
        if (n > 0) {
            count += n;
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Math.max(0, read(new byte[(int) Math.max(0, Math.min(n, 8192))]));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Aborts the transfer when reading stopped early, instead of letting the client drain the rest of the object. */
    @Override
    public void close() {
        try {
            if (in instanceof Abortable transfer && !ended) {
                transfer.abort();
            }
            super.close();
        } catch (IOException | RuntimeException e) {
            // The object was read as far as it will be; a failure to close the connection loses nothing.
        }
    }
}
