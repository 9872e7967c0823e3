package dev.sentinelforwarder.deploy;

/** A step of deploy or uninstall failed; the message says which, what the CLI said, and what to do. */
public final class DeployFailedException extends RuntimeException {
    DeployFailedException(String message) {
        super(message);
    }
}
