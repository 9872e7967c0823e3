package dev.sentinelforwarder.cloudwatch;

import java.io.IOException;

/** A subscription event whose data cannot be read; the message says what was found instead. */
public class InvalidSubscriptionDataException extends IOException {
    public InvalidSubscriptionDataException(String message) {
        super(message);
    }
}
