package dev.sentinelforwarder.format;

/**
 * What a reader got for one record: the record, or the reason it could not be read. Either way the
 * position says where: {@code index} is the record's ordinal in the object (0-based), {@code line} the
 * 1-based line in the decompressed text where it starts.
 */
public sealed interface Read<R> permits Read.Record, Read.Unreadable {
    long index();

    long line();

    record Record<R>(long index, long line, R value) implements Read<R> {
    }

    /**
     * @param content the text that could not be read, when the reader has it at hand (a line), else null
     * @param end one past the last record it stands for: {@code index + 1}, or more for a Parquet row group not read
     */
    record Unreadable<R>(long index, long line, String reason, String content, long end) implements Read<R> {
        public Unreadable(long index, long line, String reason, String content) {
            this(index, line, reason, content, index + 1);
        }

        public Unreadable(long index, long line, String reason) {
            this(index, line, reason, null, index + 1);
        }

        /** How many records could not be read. */
        public long records() {
            return end - index;
        }
    }
}
