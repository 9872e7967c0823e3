package dev.sentinelforwarder.source;

/** The object no longer has the entity tag it had when reading began: a newer version replaced it. */
public class ObjectChangedException extends ObjectAccessException {
    public ObjectChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
