package dev.sentinelforwarder.format.parquet;

/** A page of a column chunk cannot be read: the rest of its row group cannot either. Unchecked: parquet-column's page reader interface declares none. */
final class CorruptPageException extends RuntimeException {
    CorruptPageException(String message) {
        super(message);
    }
}
