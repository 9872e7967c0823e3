package dev.sentinelforwarder.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text lines of a stream, numbered from 1, each at most {@code maxLength} characters: a longer line
 * is skipped to its end and returned as {@link #TOO_LONG}, so one huge line costs no more memory than
 * the limit. Written by hand because {@link java.io.BufferedReader#readLine()} has no such limit.
 */
public final class Lines implements Closeable {
    /** Stands for a line that was longer than the limit; compare by identity. */
    public static final String TOO_LONG = new String("<line too long>");

    private final Reader in;
    private final int maxLength;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder line = new StringBuilder(512);
    private int position;
    private int limit;
    private long number;

    public Lines(InputStream in, int maxLength) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxLength = maxLength;
    }

    /** The next line without its terminator (\n, \r\n or \r), {@link #TOO_LONG}, or null at the end. */
    public String next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int n = in.read(buffer, 0, buffer.length);
                if (n <= 0) {
                    if (!any) {
                        return null;
                    }
                    number++;
                    return tooLong ? TOO_LONG : line.toString();
                }
                position = 0;
                limit = n;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            if (!tooLong) {
                if (line.length() + (position - start) > maxLength) {
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append(buffer, start, position - start);
                }
            }
            if (position < limit) {
                char end = buffer[position++];
                if (end == '\r') {
                    if (position == limit) {
                        int n = in.read(buffer, 0, buffer.length);
                        position = 0;
                        limit = Math.max(n, 0);
                    }
                    if (position < limit && buffer[position] == '\n') {
                        position++;
                    }
                }
                number++;
                return tooLong ? TOO_LONG : line.toString();
            }
        }
    }

    /** The number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    int maxLength() {
        return maxLength;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
