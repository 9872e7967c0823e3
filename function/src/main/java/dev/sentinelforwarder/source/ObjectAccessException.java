package dev.sentinelforwarder.source;

/** An object could not be opened; the message names it and says what the user can do. */
public class ObjectAccessException extends Exception {
    public ObjectAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
