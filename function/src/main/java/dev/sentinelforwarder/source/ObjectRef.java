package dev.sentinelforwarder.source;

/**
 * One S3 object version a notification announces.
 *
 * @param key the decoded key, as S3 APIs take it
 * @param versionId the version, or null when the bucket is not versioned
 * @param size the size in bytes as notified (long: objects can pass 2 GB), or -1 when not given
 * @param eTag the entity tag as notified, or null
 */
public record ObjectRef(String bucket, String key, String versionId, long size, String eTag) {
    /** {@code s3://bucket/key}, the name used in every log line about the object. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
