package dev.sentinelforwarder.cli;

/** A command could not do its work for a reason the user can fix; the message says which and how (exit 1). */
final class CommandFailedException extends RuntimeException {
    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
