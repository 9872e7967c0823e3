package dev.sentinelforwarder.quarantine;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Quarantine objects in the source object's own bucket, beside the logs they came from. */
public final class S3QuarantineStore implements QuarantineStore {
    private final S3Client s3;

    public S3QuarantineStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void put(String bucket, String key, byte[] gzipNdjson) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/x-ndjson").contentEncoding("gzip"),
                    RequestBody.fromBytes(gzipNdjson));
        } catch (SdkException e) {
            throw new IOException("could not write quarantine object s3://" + bucket + "/" + key
                    + " (the function's role needs s3:PutObject on the quarantine prefix): " + e.getMessage(), e);
        }
    }
}
