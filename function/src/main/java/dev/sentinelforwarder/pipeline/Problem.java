package dev.sentinelforwarder.pipeline;

/**
 * A record that did not become a row, or the point where an object stopped being readable.
 *
 * @param recordIndex the record's 0-based ordinal in the object (for OBJECT: how many records were read)
 * @param endIndex one past the last record it stands for: {@code recordIndex + 1} for one record, more for a Parquet row
 *     group that could not be read, {@link Long#MAX_VALUE} for OBJECT (the rest of the object)
 * @param line the 1-based line in the decompressed text, 0 when unknown
 * @param content the record's JSON text when the reader kept it (skipped JSON lines), else null
 */
public record Problem(Kind kind, long recordIndex, long endIndex, long line, String reason, String content) {
    /** One record's problem, or for OBJECT the rest of the object's. */
    public Problem(Kind kind, long recordIndex, long line, String reason, String content) {
        this(kind, recordIndex, kind == Kind.OBJECT ? Long.MAX_VALUE : recordIndex + 1, line, reason, content);
    }

    /** How many records it stands for (OBJECT: 1, where reading stopped). */
    public long records() {
        return kind == Kind.OBJECT ? 1 : endIndex - recordIndex;
    }

    public enum Kind {
        /** The record could not be read (bad line, wrong field count, broken quoting...). */
        UNREADABLE,
        /** The record was read but is not one of the table's events (e.g. not a GuardDuty finding). */
        SKIPPED,
        /** The rest of the object could not be read (corrupt gzip, broken JSON syntax, a limit). */
        OBJECT,
        /** The row names an AWS account whose rows go to another destination than its object's. */
        OTHER_ACCOUNT
    }
}
