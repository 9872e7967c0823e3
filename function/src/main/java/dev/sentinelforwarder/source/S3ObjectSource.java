package dev.sentinelforwarder.source;

import dev.sentinelforwarder.clock.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams objects from S3 with GetObject: the body is read as the pipeline consumes it, never held
 * whole in memory nor copied to /tmp. The notified version is read when there is one.
 */
public final class S3ObjectSource {
    private final S3Client s3;

    /** {@code s3} is built once per container and shared. */
    public S3ObjectSource(S3Client s3) {
        this.s3 = s3;
    }

    public OpenedObject open(ObjectRef object) throws ObjectAccessException {
        return open(object, null);
    }

    /** @param eTag when given, the object must still have this entity tag (resuming the version read before) */
    public OpenedObject open(ObjectRef object, String eTag) throws ObjectAccessException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
        if (object.versionId() != null) {
            request.versionId(object.versionId());
        }
        if (eTag != null) {
            request.ifMatch(eTag);
        }
        try {
            ResponseInputStream<GetObjectResponse> body = s3.getObject(request.build());
            return new OpenedObject(body, body.response().lastModified(), body.response().eTag(),
                    body.response().contentLength() == null ? -1 : body.response().contentLength());
        } catch (NoSuchKeyException e) {
            throw new ObjectMissingException(object.uri() + ": no such key: the object was deleted (or never written) before"
                    + " it could be read; its notification will reach the dead-letter queue for inspection", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ObjectChangedException(describe(object, e), e);
            }
            if (e.statusCode() == 404) {
                throw new ObjectMissingException(describe(object, e), e);
            }
            throw new ObjectAccessException(describe(object, e), e);
        }
    }

    /**
     * Ranges of the version {@code opened} read: each a GetObject of that version ({@code If-Match} its entity tag), its
     * bytes guarded as {@link ObjectStream} guards the whole object's (closing one early aborts its transfer).
     */
    public ObjectRanges ranges(ObjectRef object, OpenedObject opened, Deadline deadline, Duration reserve) {
        return new ObjectRanges() {
            private long fetched;

            @Override
            public long length() {
                return opened.length();
            }

            @Override
            public InputStream open(long from, long length) throws IOException {
                GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key())
                        .range("bytes=" + from + "-" + (from + length - 1)).ifMatch(opened.eTag());
                if (object.versionId() != null) {
                    request.versionId(object.versionId());
                }
                String name = object.uri() + " bytes " + from + "-" + (from + length - 1);
                try {
                    return new RangeStream(new ObjectStream(s3.getObject(request.build()), name, deadline, reserve), length,
                            n -> fetched += n);
                } catch (S3Exception e) {
                    throw new ObjectReadException(describe(object, e), e);
                } catch (RuntimeException e) {
                    throw new ObjectReadException(name + ": S3 GetObject failed: " + e, e);
                }
            }

            @Override
            public long fetched() {
                return fetched;
            }
        };
    }

    private static String describe(ObjectRef object, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String where = object.uri() + (object.versionId() == null ? "" : " (version " + object.versionId() + ")");
        if (e.statusCode() == 403) {
            return where + ": access denied (" + code + "): the function's role needs s3:GetObject"
                    + (object.versionId() == null ? "" : " and s3:GetObjectVersion") + " on this key, and kms:Decrypt on the"
                    + " KMS key the object is encrypted with (GuardDuty exports are always KMS-encrypted); or the object was"
                    + " deleted: without s3:ListBucket, which the forwarder is not given, S3 answers a missing key with 403";
        }
        if (e.statusCode() == 412) {
            return where + ": the object changed since it was first read (ETag no longer matches): the new version"
                    + " has a notification of its own";
        }
        if (e.statusCode() == 404) {
            return where + ": not found (" + code + "): the object or version was deleted before it could be read";
        }
        return where + ": S3 GetObject failed with " + e.statusCode() + " " + code + ": " + e.getMessage();
    }
}
