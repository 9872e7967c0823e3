package dev.sentinelforwarder.table;

import dev.sentinelforwarder.format.JsonFields;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps the raw records of one log object to rows of one Sentinel table. A mapper lives for one object:
 * it counts what it could not place, so the object's report can say so once instead of per record.
 *
 * <p>{@code TimeGenerated} is always the event's own time. A record that carries none (a message-only
 * CloudWatch line, a VPC custom format without {@code start}) gets the object's time, the closest
 * thing to it that exists, and is counted.
 *
 * @param <R> the raw record type of the format
 */
public abstract class TableMapper<R> {
    /** Distinct unmapped field names counted per object; the rest are counted under {@link #OTHER_FIELDS}. */
    static final int MAX_UNMAPPED_NAMES = 100;
    static final String OTHER_FIELDS = "(other fields)";

    private final Instant objectTime;
    private final Map<String, Long> unmappedFields = new TreeMap<>();
    private long timedFromObject;

    protected TableMapper(Instant objectTime) {
        this.objectTime = objectTime;
    }

    public abstract Mapping map(R record);

    /** Source fields that have no column in the table, with how many records carried each. */
    public Map<String, Long> unmappedFields() {
        return unmappedFields;
    }

    /** How many rows took the object's time because their record had no time of its own. */
    public long timedFromObject() {
        return timedFromObject;
    }

    protected Instant eventTimeOrObjectTime(Instant eventTime) {
        if (eventTime != null) {
            return eventTime;
        }
        timedFromObject++;
        return objectTime;
    }

    /** Counts a source field with no column; past {@link #MAX_UNMAPPED_NAMES} names, under {@link #OTHER_FIELDS}. */
    protected void unmapped(String field) {
        String name = unmappedFields.size() < MAX_UNMAPPED_NAMES || unmappedFields.containsKey(field) ? field : OTHER_FIELDS;
        unmappedFields.merge(name, 1L, Long::sum);
    }

    /** Counts each top-level field of {@code record} that the mapper did not select. */
    protected void countUnmapped(JsonFields record) {
        for (String name : record.otherFields()) {
            unmapped(name);
        }
        if (record.moreOtherFields()) {
            unmapped(OTHER_FIELDS);
        }
    }
}
