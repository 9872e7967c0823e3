package dev.sentinelforwarder.source;

import java.io.InputStream;
import java.time.Instant;

/** An object's raw bytes as a stream, when it was written, and its entity tag. The caller closes the stream. */
public record OpenedObject(InputStream content, Instant lastModified, String eTag) {
}
