package dev.sentinelforwarder.source;

import java.io.IOException;

/** The rest of an object cannot be read; the message says where and why. */
public class UnreadableInputException extends IOException {
    public UnreadableInputException(String message) {
        super(message);
    }

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
