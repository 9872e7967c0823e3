package dev.sentinelforwarder.notification;

/** A queue message body that is not an S3 notification in any shape we know; the message says what it was. */
public class UnrecognisedNotificationException extends Exception {
    public UnrecognisedNotificationException(String message) {
        super(message);
    }
}
