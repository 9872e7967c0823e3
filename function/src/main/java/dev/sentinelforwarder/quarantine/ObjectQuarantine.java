package dev.sentinelforwarder.quarantine;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.sink.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * What of one object did not reach Sentinel, with why and where it came from: one gzip NDJSON line per
 * record (bucket, key, versionId, record ordinal, line, stage, reason, and the row or record when there
 * is one). Written as one object when the source object is done, under
 * {@code <prefix><source key>/<version>/from-record-<first>.ndjson.gz}, so a retry overwrites it.
 */
public final class ObjectQuarantine {
    /** Records up to this size are kept whole (a line of up to MAX_LINE_LENGTH would be too much); longer ones as an excerpt. */
    static final int MAX_CONTENT_CHARS = 64 * 1024;
    static final int EXCERPT_CHARS = 1_000;

    private final ObjectRef object;
    private final String prefix;
    private final QuarantineStore store;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonGenerator out;
    private long first = Long.MAX_VALUE;
    private int entries;

    ObjectQuarantine(ObjectRef object, String prefix, QuarantineStore store) {
        this.object = object;
        this.prefix = prefix;
        this.store = store;
        try {
            this.out = Json.mapper().getFactory().createGenerator(new GZIPOutputStream(bytes), JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.out.setRootValueSeparator(null);
    }

    /** A record the reader or mapper could not turn into a row, or where the object stopped being readable. */
    public synchronized void add(Problem problem) {
        write(problem.recordIndex(), problem.line(), "read", problem.kind().name().toLowerCase(java.util.Locale.ROOT),
                problem.reason(), 0, null, problem.content(), null);
    }

    /** A row the ingestion API refused on its own. */
    public synchronized void add(Delivery.RejectedRow rejected) {
        write(rejected.recordIndex(), 0, "ingest", "rejected", rejected.reason().message(), rejected.reason().status(),
                rejected.reason().errorCode(), null, rejected.row());
    }

    public synchronized int entries() {
        return entries;
    }

    /** Writes the quarantine object if anything was added; returns its key, or null when there was nothing. */
    public synchronized String close() throws IOException {
        out.close();
        if (entries == 0) {
            return null;
        }
        String key = prefix + object.key() + "/" + (object.versionId() == null ? "unversioned" : object.versionId())
                + "/from-record-" + first + ".ndjson.gz";
        store.put(object.bucket(), key, bytes.toByteArray());
        return key;
    }

    /** @param content the record's JSON text, or null; @param row the row's JSON text (at most a request's size), or null */
    private void write(long record, long line, String stage, String kind, String reason, int status, String errorCode,
            String content, String row) {
        try {
            out.writeStartObject();
            out.writeStringField("bucket", object.bucket());
            out.writeStringField("key", object.key());
            if (object.versionId() != null) {
                out.writeStringField("versionId", object.versionId());
            }
            out.writeNumberField("record", record);
            if (line > 0) {
                out.writeNumberField("line", line);
            }
            out.writeStringField("stage", stage);
            out.writeStringField("kind", kind);
            out.writeStringField("reason", reason);
            if (status > 0) {
                out.writeNumberField("status", status);
                out.writeStringField("errorCode", errorCode);
            }
            if (content != null && content.length() <= MAX_CONTENT_CHARS) {
                out.writeFieldName("record_content");
                out.writeRawValue(content);
            } else if (content != null) {
                out.writeStringField("record_excerpt", content.substring(0, EXCERPT_CHARS));
            }
            if (row != null) {
                out.writeFieldName("row");
                out.writeRawValue(row);
            }
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        first = Math.min(first, record);
        entries++;
    }
}
