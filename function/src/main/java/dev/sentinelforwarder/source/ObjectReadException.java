package dev.sentinelforwarder.source;

import java.io.IOException;

/**
 * Reading an object's bytes stopped for a reason outside the object (S3 stopped sending, the connection
 * broke, the invocation's time ran out): reading it again later can succeed.
 */
public class ObjectReadException extends IOException {
    public ObjectReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
