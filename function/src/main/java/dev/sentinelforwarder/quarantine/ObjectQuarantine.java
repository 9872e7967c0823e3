package dev.sentinelforwarder.quarantine;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.source.ObjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * What of one object did not reach Sentinel, with why and where it came from: one gzip NDJSON line per
 * record (bucket, key, versionId, the source's eTag, the destination its rows go to, record ordinal, line, stage, reason,
 * and the row or record when there is one). Written in parts, each one object under
 * {@code <prefix><source key>/<version>/from-record-<first>-to-<last>.ndjson.gz}: the records the reader or mapper
 * could not use as they are found (a part is written before the rows around it are sent, and when it
 * reaches {@link #PART_ENTRIES} entries, so memory stays bounded), and the rows the service refused, per
 * request. A retry of the same records writes the same key again; a retry that passes over some of them (settled by
 * this very part) writes a key of its own, so a part is never replaced by one that holds less.
 */
public final class ObjectQuarantine implements RejectedRows {
    /** Records up to this size are kept whole (a line of up to MAX_LINE_LENGTH would be too much); longer ones as an excerpt. */
    static final int MAX_CONTENT_CHARS = 64 * 1024;
    static final int EXCERPT_CHARS = 1_000;
    /** Entries per part: a part stays a few megabytes even when every record of a huge object is unreadable. */
    public static final int PART_ENTRIES = 10_000;

    private final ObjectRef object;
    private final String eTag;
    private final String destination;
    private final String prefix;
    private final QuarantineStore store;
    private Part problems;
    private int replays;
    private int entries;
    private final List<String> keys = new ArrayList<>();

    ObjectQuarantine(ObjectRef object, String eTag, String destination, String prefix, QuarantineStore store) {
        this.object = object;
        this.eTag = eTag;
        this.destination = destination;
        this.prefix = prefix;
        this.store = store;
    }

    /**
     * Entries written from now on say they were quarantined again by the {@code replays}-th replay: the quarantine object
     * a replay rewrites changes (a new ETag, or version), so the ledger takes a later replay of it as new.
     */
    public ObjectQuarantine replaying(int replays) {
        this.replays = replays;
        return this;
    }

    /** A record the reader or mapper could not turn into a row, or where the object stopped being readable. */
    public void add(Problem problem) {
        if (problems == null) {
            problems = new Part();
        }
        problems.write(problem.recordIndex(), problem.kind() == Problem.Kind.OBJECT ? 1 : problem.records(), problem.line(), "read",
                problem.kind().name().toLowerCase(Locale.ROOT), problem.reason(), 0, null, null, null, problem.content());
    }

    /** True when the records added since the last {@link #writeProblems()} should be written now. */
    public boolean problemsFull() {
        return problems != null && problems.entries >= PART_ENTRIES;
    }

    /** Writes the records added since the last call, if any; throws when they could not be written. */
    public void writeProblems() throws IOException {
        Part part = problems;
        problems = null;
        if (part != null) {
            put(part);
        }
    }

    /** Forgets the records added since the last {@link #writeProblems()}: a later attempt reads them again. */
    public void dropProblems() {
        problems = null;
    }

    /** Rows the ingestion API refused on their own, written at once as a part of their own. */
    @Override
    public void keep(List<RejectedRow> rows) throws IOException {
        Part part = new Part();
        for (RejectedRow rejected : rows) {
            part.write(rejected.recordIndex(), 1, 0, "ingest", "rejected", rejected.reason(), rejected.status(), rejected.errorCode(),
                    rejected.table().name(), rejected.row(), null);
        }
        put(part);
    }

    /** Entries written so far. */
    public synchronized int entries() {
        return entries;
    }

    /** The keys of the parts written so far. */
    public synchronized List<String> keys() {
        return List.copyOf(keys);
    }

    private void put(Part part) throws IOException {
        byte[] bytes = part.finish();
        String key = keyFor(prefix, object, part.first, part.last);
        store.put(object.bucket(), key, bytes);
        synchronized (this) {
            entries += part.entries;
            keys.add(key);
        }
    }

    /** S3 refuses keys longer than this many UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    /**
     * {@code <prefix><source key>/<version>/from-record-<first>-to-<last>.ndjson.gz} (0.5.0 and before:
     * {@code from-record-<first>.ndjson.gz}, {@code last} -1 here); when that would pass S3's limit (a source key
     * near 1,024 bytes), the source key is cut on a character boundary and ended with {@code ~} and a digest of it, so
     * each source key keeps keys of its own. The full key is in every entry.
     */
    static String keyFor(String prefix, ObjectRef object, long first, long last) {
        String tail = "/" + (object.versionId() == null ? "unversioned" : object.versionId()) + "/from-record-" + first
                + (last < 0 ? "" : "-to-" + last) + ".ndjson.gz";
        String whole = prefix + object.key() + tail;
        if (utf8Length(whole) <= MAX_KEY_BYTES) {
            return whole;
        }
        String digest = "~" + java.util.HexFormat.of().formatHex(sha256(object.key()), 0, 8);
        int room = MAX_KEY_BYTES - utf8Length(prefix) - utf8Length(tail) - digest.length();
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < object.key().length(); ) {
            int codePoint = object.key().codePointAt(i);
            int size = utf8Length(new String(Character.toChars(codePoint)));
            if (bytes + size > room) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return prefix + cut + digest + tail;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One quarantine object as it is built: gzip NDJSON in memory. */
    private final class Part {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final JsonGenerator out;
        private long first = Long.MAX_VALUE;
        private long last = -1;
        private int entries;

        Part() {
            try {
                out = Json.mapper().getFactory().createGenerator(new GZIPOutputStream(bytes), JsonEncoding.UTF8);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            out.setRootValueSeparator(null);
        }

        /**
         * @param table the table of {@code row}, or null; @param row the row's JSON text (at most a request's size), or null
         * @param content the text of the record that could not be read or mapped: JSON when it was read, or null
         */
        void write(long record, long records, long line, String stage, String kind, String reason, int status, String errorCode,
                String table, String row, String content) {
            try {
                out.writeStartObject();
                out.writeStringField("bucket", object.bucket());
                out.writeStringField("key", object.key());
                if (object.versionId() != null) {
                    out.writeStringField("versionId", object.versionId());
                }
                if (eTag != null) {
                    out.writeStringField("eTag", eTag);
                }
                if (destination != null) {
                    out.writeStringField("destination", destination);
                }
                out.writeNumberField("record", record);
                if (records > 1) {
                    out.writeNumberField("records", records); // a span: a Parquet row group that could not be read
                }
                if (replays > 0) {
                    out.writeNumberField("replays", replays);
                }
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
                if (content != null) {
                    // As text: what could not be read may not be JSON, and a reader of the quarantine gets it as it was.
                    out.writeStringField(content.length() <= MAX_CONTENT_CHARS ? "record_content" : "record_excerpt",
                            content.length() <= MAX_CONTENT_CHARS ? content : content.substring(0, EXCERPT_CHARS));
                }
                if (table != null) {
                    out.writeStringField("table", table);
                }
                if (row != null) {
                    out.writeFieldName("row");
                    out.writeRawValue(row);
                }
                out.writeEndObject();
                out.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            first = Math.min(first, record);
            last = Math.max(last, record + Math.max(0, records - 1));
            entries++;
        }

        byte[] finish() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }
}
