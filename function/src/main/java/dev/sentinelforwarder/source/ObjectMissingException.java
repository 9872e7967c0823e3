package dev.sentinelforwarder.source;

/**
 * The object, or the version asked for, does not exist (S3 said NoSuchKey or NoSuchVersion). Without s3:ListBucket, which
 * the forwarder is not given, S3 answers a missing key with 403 instead, which is an {@link ObjectAccessException}.
 */
public class ObjectMissingException extends ObjectAccessException {
    public ObjectMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
