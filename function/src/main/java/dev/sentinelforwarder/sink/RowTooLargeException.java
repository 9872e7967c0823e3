package dev.sentinelforwarder.sink;

import java.io.IOException;

/** A single row whose JSON exceeds what one request may carry; with 64 KB values this takes dozens of huge columns. */
public class RowTooLargeException extends IOException {
    public RowTooLargeException(String message) {
        super(message);
    }
}
