package dev.sentinelforwarder.sink;

import java.io.IOException;

/**
 * A single row whose JSON exceeds what one request may carry even with every value cut to 1 KB: not possible
 * with today's tables, quarantined (never retried) should a table ever allow it.
 */
public class RowTooLargeException extends IOException {
    public RowTooLargeException(String message) {
        super(message);
    }
}
