package dev.sentinelforwarder.source;

import java.io.InputStream;
import java.time.Instant;

/**
 * An object's raw bytes as a stream, when it was written, its entity tag and its length in bytes (of the whole object).
 * The caller closes the stream.
 */
public record OpenedObject(InputStream content, Instant lastModified, String eTag, long length) {
}
