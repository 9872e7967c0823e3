package dev.sentinelforwarder.pipeline;

/**
 * A record that did not become a row, or the point where an object stopped being readable.
 *
 * @param recordIndex the record's 0-based ordinal in the object (for OBJECT: how many records were read)
 * @param line the 1-based line in the decompressed text, 0 when unknown
 * @param content the record's JSON text when the reader kept it (skipped JSON lines), else null
 */
public record Problem(Kind kind, long recordIndex, long line, String reason, String content) {
    public enum Kind {
        /** The record could not be read (bad line, wrong field count, broken quoting...). */
        UNREADABLE,
        /** The record was read but is not one of the table's events (e.g. not a GuardDuty finding). */
        SKIPPED,
        /** The rest of the object could not be read (corrupt gzip, broken JSON syntax, a limit). */
        OBJECT
    }
}
