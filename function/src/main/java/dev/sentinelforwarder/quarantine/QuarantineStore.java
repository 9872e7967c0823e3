package dev.sentinelforwarder.quarantine;

import java.io.IOException;

/** Where quarantine objects are written: S3 in Lambda, a folder for local runs. */
@FunctionalInterface
public interface QuarantineStore {
    /** Writes one gzip NDJSON object; throws when it could not be written (the message must then be retried). */
    void put(String bucket, String key, byte[] gzipNdjson) throws IOException;
}
