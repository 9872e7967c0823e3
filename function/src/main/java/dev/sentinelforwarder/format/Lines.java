package dev.sentinelforwarder.format;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** UTF-8 text lines of a stream, numbered from 1. */
final class Lines implements Closeable {
    private final BufferedReader reader;
    private long number;

    Lines(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** The next line without its terminator, or null at the end. */
    String next() throws IOException {
        String line = reader.readLine();
        if (line != null) {
            number++;
        }
        return line;
    }

    /** The number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
