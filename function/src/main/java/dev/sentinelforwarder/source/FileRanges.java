package dev.sentinelforwarder.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Ranges of a local file, for the commands that read files ({@code convert}, {@code bench}, {@code local}). */
public final class FileRanges implements ObjectRanges {
    private final Path file;
    private final long length;
    private long fetched;

    public FileRanges(Path file) throws IOException {
        this.file = file;
        this.length = java.nio.file.Files.size(file);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public byte[] read(long from, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, from + bytes.position()) < 0) {
                    throw new EOFException(file + ": ends before byte " + (from + length));
                }
            }
        }
        fetched += length;
        return bytes.array();
    }

    @Override
    public long fetched() {
        return fetched;
    }
}
