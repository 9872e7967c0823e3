package dev.sentinelforwarder.pipeline;

import dev.sentinelforwarder.format.LogType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to one object: counts of what was read, written and passed over, and the reasons.
 * Problems keep their first few examples with the line they were found on; the rest are counted.
 */
public final class ObjectReport {
    static final int EXAMPLES = 5;

    private final String name;
    private LogType type;
    private long bytesCompressed;
    private long bytesDecompressed;
    private long records;
    private long rows;
    private int digestsSkipped;
    private int testFilesSkipped;
    private long unreadable;
    private long truncatedValues;
    private long invalidValues;
    private long timedFromObject;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> dropped = new TreeMap<>();
    private final Map<String, Long> unmappedFields = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    private String error;
    private long passedForResume;
    private long stoppedAt = -1;

    ObjectReport(String name) {
        this.name = name;
    }

    /** The object this is about: {@code s3://bucket/key} or a file path. */
    public String name() {
        return name;
    }

    /** The detected (or given) type; null when it could not be decided. */
    public LogType type() {
        return type;
    }

    public long bytesCompressed() {
        return bytesCompressed;
    }

    public long bytesDecompressed() {
        return bytesDecompressed;
    }

    /** Records read, including the unreadable ones. */
    public long records() {
        return records;
    }

    public long rows() {
        return rows;
    }

    public int digestsSkipped() {
        return digestsSkipped;
    }

    /** 1 for the test object ELB writes when access logging is switched on: it holds no log records. */
    public int testFilesSkipped() {
        return testFilesSkipped;
    }

    public long unreadable() {
        return unreadable;
    }

    public long truncatedValues() {
        return truncatedValues;
    }

    public long invalidValues() {
        return invalidValues;
    }

    public long timedFromObject() {
        return timedFromObject;
    }

    /** Records the mapper declined, by reason. */
    public Map<String, Long> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /** Rows left out by the filter rules, by rule name. */
    public Map<String, Long> dropped() {
        return Collections.unmodifiableMap(dropped);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Source fields with no column in the table, with how many records carried each. */
    public Map<String, Long> unmappedFields() {
        return Collections.unmodifiableMap(unmappedFields);
    }

    /** The first problems found, each with its line, e.g. "line 7: expected 14 fields, found 13". */
    public List<String> examples() {
        return Collections.unmodifiableList(examples);
    }

    /** Why the rest of the object could not be read; null when it was read to the end. */
    public String error() {
        return error;
    }

    /** True when part of the object could not be read: an error, or unreadable records. */
    public boolean failed() {
        return error != null || unreadable > 0;
    }

    /** Records before the resume point, read past because an earlier invocation handled them. */
    public long passedForResume() {
        return passedForResume;
    }

    /** The record reading stopped before (to hand the rest on), or -1 when the object was read to its end. */
    public long stoppedAt() {
        return stoppedAt;
    }

    void countPassedForResume(long records) {
        passedForResume += records;
    }

    void stoppedAt(long record) {
        stoppedAt = record;
    }

    void type(LogType value) {
        type = value;
    }

    void bytes(long compressed, long decompressed) {
        bytesCompressed = compressed;
        bytesDecompressed = decompressed;
    }

    void record(long count) {
        records += count;
    }

    void row(int truncated, List<String> invalid, long line) {
        rows++;
        truncatedValues += truncated;
        invalidValues += invalid.size();
        for (String problem : invalid) {
            example("line " + line + ": invalid value " + problem);
        }
    }

    void unreadable(long line, String reason, long count) {
        unreadable += count;
        example("line " + line + ": " + reason);
    }

    void dropped(String rule) {
        dropped.merge(rule, 1L, Long::sum);
    }

    void skipped(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void finish(int digests, Map<String, Long> unmapped, long timedFromObjectCount) {
        digestsSkipped += digests;
        unmapped.forEach((field, count) -> unmappedFields.merge(field, count, Long::sum));
        timedFromObject += timedFromObjectCount;
    }

    void digestKey() {
        digestsSkipped++;
    }

    void testFileKey() {
        testFilesSkipped++;
    }

    void error(String reason) {
        error = reason;
    }

    private void example(String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }

    /** One line for people: type, counts, and what was passed over. */
    public String summary() {
        StringBuilder s = new StringBuilder(name).append(": ")
                .append(type == null ? "type unknown" : type.id())
                .append(", records ").append(records)
                .append(", rows ").append(rows);
        if (!dropped.isEmpty()) {
            s.append(", dropped by filter rules ").append(droppedTotal()).append(' ').append(dropped);
        }
        if (digestsSkipped > 0) {
            s.append(", CloudTrail digest skipped (holds no events)");
        }
        if (testFilesSkipped > 0) {
            s.append(", ELB access log test file skipped (holds no records)");
        }
        if (!skipped.isEmpty()) {
            s.append(", skipped ").append(skippedTotal()).append(' ').append(skipped);
        }
        if (unreadable > 0) {
            s.append(", unreadable ").append(unreadable);
        }
        if (truncatedValues > 0) {
            s.append(", values truncated to 64 KB ").append(truncatedValues);
        }
        if (invalidValues > 0) {
            s.append(", invalid values left empty ").append(invalidValues);
        }
        if (timedFromObject > 0) {
            s.append(", rows timed from the object (no event time) ").append(timedFromObject);
        }
        if (!unmappedFields.isEmpty()) {
            s.append(", fields with no column ").append(unmappedFields);
        }
        if (error != null) {
            s.append(", FAILED: ").append(error);
        }
        return s.toString();
    }
}
