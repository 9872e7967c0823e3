package dev.sentinelforwarder.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates gzip data of any number of members (RFC 1952), one after the other, in a loop.
 *
 * <p>Written by hand because {@link java.util.zip.GZIPInputStream} starts each further member with a
 * recursive call: an object of some thousands of empty members (200 KB is enough) ends in a
 * StackOverflowError. The reader that loops instead, commons-compress, would bring it and two more
 * libraries into the Lambda for these hundred lines.
 *
 * <p>Damaged data (a bad header, invalid deflate data, a CRC or length mismatch, bytes after the last member
 * that are not a member) and data that ends inside a member throw {@link UnreadableInputException}: the
 * bytes will not change, so reading them again cannot help. Failures of the underlying stream pass through.
 */
final class GzipMembersInputStream extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final byte[] input;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int position;
    private int limit;
    private long members;
    private long memberBytes;
    private long decompressed;
    private boolean ended;

    GzipMembersInputStream(InputStream in, int bufferSize) throws IOException {
        this.in = in;
        this.input = new byte[bufferSize];
        readHeader();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw corrupt("invalid deflate data (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberBytes += n;
                decompressed += n;
                return n;
            }
            if (inflater.finished()) {
                position = limit - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw corrupt("deflate data asks for a preset dictionary, which gzip does not have");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw truncated();
                }
                inflater.setInput(input, position, limit - position);
                position = limit;
            } else {
                throw corrupt("deflate data makes no progress");
            }
        }
        return -1;
    }

    /** Checks the member's trailer, then starts the next member or ends the stream. */
    private void endMember() throws IOException {
        long storedCrc = readInt();
        long storedSize = readInt();
        if (storedCrc != crc.getValue()) {
            throw corrupt("CRC-32 of member " + (members + 1) + " does not match its content");
        }
        if (storedSize != (memberBytes & 0xffffffffL)) {
            throw corrupt("length of member " + (members + 1) + " does not match its content");
        }
        members++;
        if (position == limit && !fill()) {
            ended = true;
            return;
        }
        readHeader();
    }

    private void readHeader() throws IOException {
        int id1 = readByte();
        int id2 = readByte();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw corrupt(members == 0 ? "not gzip data" : "the bytes after member " + members + " are not a gzip member");
        }
        if (readByte() != 8) {
            throw corrupt("member " + (members + 1) + " uses a compression method other than deflate");
        }
        int flags = readByte();
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            skip(readByte() | readByte() << 8);
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        inflater.setInput(input, position, limit - position);
        position = limit;
    }

    private long readInt() throws IOException {
        return (readByte() | readByte() << 8 | readByte() << 16 | (long) readByte() << 24) & 0xffffffffL;
    }

    private int readByte() throws IOException {
        if (position == limit && !fill()) {
            throw truncated();
        }
        return input[position++] & 0xff;
    }

    private void skip(int bytes) throws IOException {
        for (int i = 0; i < bytes; i++) {
            readByte();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (readByte() != 0) {
            // a file name or comment: not needed
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(input, 0, input.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private UnreadableInputException corrupt(String what) {
        return new UnreadableInputException("gzip data is corrupt after " + decompressed + " decompressed bytes: " + what);
    }

    private UnreadableInputException truncated() {
        return new UnreadableInputException("gzip data ends early (truncated object?) after " + decompressed + " decompressed bytes");
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
