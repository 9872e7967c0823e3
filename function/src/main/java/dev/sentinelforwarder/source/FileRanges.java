package dev.sentinelforwarder.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Ranges of a local file, for the commands that read files ({@code convert}, {@code bench}). */
public final class FileRanges implements ObjectRanges {
    private final Path file;
    private final long length;
    private long fetched;

    public FileRanges(Path file) throws IOException {
        this.file = file;
        this.length = Files.size(file);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open(long from, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(from);
        return new RangeStream(Channels.newInputStream(channel), length, n -> fetched += n);
    }

    @Override
    public long fetched() {
        return fetched;
    }
}
