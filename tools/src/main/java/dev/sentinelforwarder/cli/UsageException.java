package dev.sentinelforwarder.cli;

/** The command line does not say what to do; the message says what is wrong with it (exit 2). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
