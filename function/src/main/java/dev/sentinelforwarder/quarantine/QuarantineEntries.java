package dev.sentinelforwarder.quarantine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.Lines;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.Decompression;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * What one quarantine object asks a replay to do, read back as what it is: text in a bucket others may be able to write
 * to, so every entry is checked before it is believed. An entry is taken when it names a source in the quarantine
 * object's own bucket (the quarantine keeps an object's entries there), in ALLOWED_BUCKETS, not itself under the
 * quarantine prefix, the same source as the object's other entries, and when the quarantine object's key is the one the
 * forwarder gives that source's entries; the others are refused, counted, with the first reason. Bounded like a log:
 * lines, entries and the refused rows kept are limited, so a planted object cannot exhaust memory.
 *
 * @param origin the source the entries name (its version, as written), or null when no entry was taken
 * @param eTag the source version's entity tag the entries were written from, or null (written before 0.6.0)
 * @param destination where the source's rows went, or null (written before 0.6.0)
 * @param replays how many replays quarantined these entries again
 * @param rows the refused rows to send again, as kept
 * @param unread the records to read again from the source
 * @param entries the entries taken
 */
public record QuarantineEntries(ObjectRef origin, String eTag, String destination, int replays, List<Kept> rows,
        RecordRanges unread, int entries, int refused, String firstRefusal) {
    /** A refused row as the quarantine kept it. */
    public record Kept(long record, TableSchema table, String row) {
    }

    /** Longest entry line: a row is at most one request (1 MB), a record's content 64 Ki characters. */
    static final int MAX_LINE_CHARS = 4 * 1024 * 1024;
    /** Most entries: a part holds at most {@link ObjectQuarantine#PART_ENTRIES}, or one request's rows. */
    static final int MAX_ENTRIES = 100_000;
    /** Most characters of refused rows held to send again: one request's rows, named by the tables' columns. */
    static final long MAX_ROW_CHARS = 16L * 1024 * 1024;

    /**
     * @param raw the quarantine object's bytes (gzip NDJSON); closed here
     * @param kept the quarantine object
     * @param prefix the quarantine prefix
     * @param allowed whether a bucket and key are in ALLOWED_BUCKETS
     */
    public static QuarantineEntries read(InputStream raw, ObjectRef kept, String prefix, BiPredicate<String, String> allowed)
            throws IOException {
        Reading reading = new Reading(kept, prefix, allowed);
        try (Lines lines = new Lines(Decompression.open(raw), MAX_LINE_CHARS)) {
            for (String text = lines.next(); text != null; text = lines.next()) {
                if (text == Lines.TOO_LONG) {
                    reading.refuse("an entry longer than " + MAX_LINE_CHARS + " characters, which the forwarder never writes");
                } else if (!text.isBlank()) {
                    reading.entry(text);
                }
                if (reading.taken + reading.refused > MAX_ENTRIES) {
                    throw new IOException("the quarantine object holds more than " + MAX_ENTRIES + " entries, which the forwarder"
                            + " never writes in one");
                }
            }
        }
        return reading.result();
    }

    /** The state of one read. */
    private static final class Reading {
        private final ObjectRef kept;
        private final String prefix;
        private final BiPredicate<String, String> allowed;
        private ObjectRef origin;
        private String eTag;
        private String destination;
        private int replays;
        private final List<Kept> rows = new ArrayList<>();
        private final RecordRanges.Builder unread = new RecordRanges.Builder();
        private final List<long[]> spans = new ArrayList<>();
        private long rowChars;
        private long first = Long.MAX_VALUE;
        private long last = -1;
        private int taken;
        private int refused;
        private String firstRefusal;

        Reading(ObjectRef kept, String prefix, BiPredicate<String, String> allowed) {
            this.kept = kept;
            this.prefix = prefix;
            this.allowed = allowed;
        }

        void refuse(String reason) {
            if (refused++ == 0) {
                firstRefusal = reason;
            }
        }

        void entry(String text) {
            Entry entry;
            try {
                entry = Entry.parse(text);
            } catch (IOException | RuntimeException e) {
                refuse("an entry that is not a JSON object of the quarantine's fields: " + e.getMessage());
                return;
            }
            String bucket = entry.text("bucket");
            String key = entry.text("key");
            long record = entry.number("record", -1);
            long records = entry.number("records", 1);
            if (bucket == null || key == null || record < 0 || records < 1 || record > Long.MAX_VALUE - records) {
                refuse("an entry without its source's bucket and key, or a record ordinal");
                return;
            }
            ObjectRef source = new ObjectRef(bucket, key, entry.text("versionId"), -1, null);
            if (origin == null) {
                String problem = problem(source);
                if (problem != null) {
                    refuse(problem);
                    return;
                }
                origin = source;
                eTag = entry.text("eTag");
                destination = entry.text("destination");
            } else if (!origin.equals(source) || !Objects.equals(eTag, entry.text("eTag"))
                    || !Objects.equals(destination, entry.text("destination"))) {
                refuse("an entry of another source, version or destination than the quarantine object's first");
                return;
            }
            if ("ingest".equals(entry.text("stage"))) {
                TableSchema table = Tables.byName(String.valueOf(entry.text("table"))).orElse(null);
                if (table == null || entry.row() == null) {
                    refuse("a refused row without its table or row");
                    return;
                }
                rowChars += entry.row().length();
                if (rowChars > MAX_ROW_CHARS) {
                    refuse("refused rows beyond " + MAX_ROW_CHARS + " characters, more than one request's");
                    return;
                }
                rows.add(new Kept(record, table, entry.row()));
            } else {
                spans.add(new long[] {record, "object".equals(entry.text("kind")) ? Long.MAX_VALUE : record + records});
            }
            first = Math.min(first, record);
            last = Math.max(last, record + records - 1);
            replays = Math.max(replays, (int) Math.min(Integer.MAX_VALUE - 1, entry.number("replays", 0)));
            taken++;
        }

        /** Why the source an entry names may not be read or sent for, or null. */
        private String problem(ObjectRef source) {
            if (!source.bucket().equals(kept.bucket())) {
                return "an entry naming bucket " + source.bucket() + ": the quarantine keeps an object's entries in its own bucket, "
                        + kept.bucket();
            }
            if (source.key().startsWith(prefix)) {
                return "an entry naming one of the quarantine's own objects as its source";
            }
            if (!allowed.test(source.bucket(), source.key())) {
                return "an entry naming " + source.uri() + ", outside ALLOWED_BUCKETS";
            }
            return null;
        }

        QuarantineEntries result() {
            String expected = origin == null ? null : ObjectQuarantine.keyFor(prefix, origin, first, last);
            if (origin != null && !kept.key().equals(expected) && !kept.key().equals(ObjectQuarantine.keyFor(prefix, origin, first, -1))) {
                refused += taken;
                firstRefusal = firstRefusal != null ? firstRefusal : "entries of " + origin.uri() + " in a quarantine object whose"
                        + " key is not the one the forwarder gives them (" + expected + "): planted or moved";
                return new QuarantineEntries(null, null, null, 0, List.of(), RecordRanges.NONE, 0, refused, firstRefusal);
            }
            spans.sort(java.util.Comparator.comparingLong(s -> s[0]));
            spans.forEach(s -> unread.add(s[0], s[1]));
            return new QuarantineEntries(origin, eTag, destination, replays, List.copyOf(rows), unread.build(), taken, refused,
                    firstRefusal);
        }
    }

    /** One quarantine entry's fields, the row's JSON text exactly as kept (numbers too: no detour through double). */
    private record Entry(Map<String, String> fields, String row) {
        static Entry parse(String text) throws IOException {
            Map<String, String> fields = new HashMap<>();
            String row = null;
            try (JsonParser parser = Json.mapper().createParser(text)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("a quarantine entry is a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("row") && value == JsonToken.START_OBJECT) {
                        StringWriter json = new StringWriter();
                        try (JsonGenerator out = Json.mapper().getFactory().createGenerator(json)) {
                            Json.copyExactly(parser, out);
                        }
                        row = json.toString();
                    } else if (value.isScalarValue()) {
                        fields.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return new Entry(fields, row);
        }

        String text(String name) {
            return fields.get(name);
        }

        long number(String name, long absent) {
            String text = fields.get(name);
            if (text == null) {
                return absent;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
