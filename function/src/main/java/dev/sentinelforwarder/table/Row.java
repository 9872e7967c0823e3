package dev.sentinelforwarder.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One row of a Sentinel table, filled by a mapper through typed setters so that a value can only land
 * in a column of its type.
 *
 * <p>The service truncates field values over 64 KB; we truncate first (UTF-8-safe) and count it, so a
 * single row stays far below the 1 MB request limit and the truncation is visible in our reports.
 */
public final class Row {
    /** Largest value, in UTF-8 bytes, that we send in one column. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;


    private final TableSchema table;
    private final Object[] values;
    /** The columns whose value was cut, so a value cut twice counts once; null until one is (rare). */
    private BitSet cut;
    private List<String> invalidValues = List.of();

    public Row(TableSchema table) {
        this.table = table;
        this.values = new Object[table.columns().size()];
    }

    public TableSchema table() {
        return table;
    }

    /** Sets a string column; null leaves it empty. */
    public Row string(String column, String value) {
        return stringAt(slot(column, ColumnType.STRING), value);
    }

    /** {@link #string} for a mapper that looked the column up once and checked its type. */
    Row stringAt(int slot, String value) {
        values[slot] = value == null ? null : truncated(slot, value, MAX_VALUE_BYTES);
        return this;
    }

    /** Sets a value of the column's Java type (see {@link #get}) for a mapper that checked the column's type once. */
    void valueAt(int slot, Object value) {
        values[slot] = value;
    }

    /** Sets a guid column; a value that is not a GUID leaves it empty and is counted as invalid. */
    public Row guid(String column, String value) {
        guidWhenOne(column, value);
        return value == null || isGuid(value) ? this : invalid(column, "not a GUID: '" + Utf8.truncate(value, 100) + "'");
    }

    /**
     * Sets a guid column only when {@code value} is a GUID, uncounted otherwise: for a value kept whole in a column of
     * its own (CloudTrail's requestID in AwsRequestId_), where most services' ids are not GUIDs.
     */
    public Row guidWhenOne(String column, String value) {
        values[slot(column, ColumnType.GUID)] = value != null && isGuid(value) ? value : null;
        return this;
    }

    /**
     * 8-4-4-4-12 hex digits. By hand rather than a regex: CloudTrail rows test three values each, and the
     * regex was a measurable share of the mapping time.
     */
    static boolean isGuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public Row integer(String column, int value) {
        values[slot(column, ColumnType.INT)] = value;
        return this;
    }

    public Row longInteger(String column, long value) {
        values[slot(column, ColumnType.LONG)] = value;
        return this;
    }

    public Row bool(String column, boolean value) {
        values[slot(column, ColumnType.BOOLEAN)] = value;
        return this;
    }

    /** The first and the last instant a datetime column holds (Kusto's datetime range). */
    static final Instant FIRST_DATETIME = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST_DATETIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Sets a datetime column; null leaves it empty, and so does an instant no datetime column holds (counted). */
    public Row dateTime(String column, Instant value) {
        return dateTimeAt(slot(column, ColumnType.DATETIME), value);
    }

    /** {@link #dateTime} for a mapper that looked the column up once and checked its type. */
    Row dateTimeAt(int slot, Instant value) {
        if (value != null && (value.isBefore(FIRST_DATETIME) || value.isAfter(LAST_DATETIME))) {
            values[slot] = null;
            return invalid(table.columns().get(slot).name(), value + " is outside 0001-01-01 to 9999-12-31");
        }
        values[slot] = value;
        return this;
    }

    /**
     * Sets a dynamic column from JSON text. Text over the value limit cannot be cut and stay JSON, so it
     * is sent as a (truncated) string instead, which a dynamic column also accepts, and counted.
     */
    public Row dynamic(String column, String json) {
        int slot = slot(column, ColumnType.DYNAMIC);
        if (json == null) {
            values[slot] = null;
        } else {
            String kept = truncated(slot, json, MAX_VALUE_BYTES);
            values[slot] = kept == json ? new RawJson(json) : kept;
        }
        return this;
    }

    /** Sets a dynamic column to a JSON string (a source value that is text, not an object or array). */
    public Row dynamicString(String column, String value) {
        int slot = slot(column, ColumnType.DYNAMIC);
        values[slot] = value == null ? null : truncated(slot, value, MAX_VALUE_BYTES);
        return this;
    }

    /**
     * Cuts every text value (string and dynamic) longer than {@code maxBytes} UTF-8 bytes to that length,
     * so the longest values are cut first: for a row too large for one request even after the 64 KB cuts.
     * A dynamic value that is cut becomes a string, as in {@link #dynamic}.
     */
    public void capValues(int maxBytes) {
        for (int i = 0; i < values.length; i++) {
            String text = switch (values[i]) {
                case String s -> s;
                case RawJson json -> json.json();
                case null, default -> null;
            };
            if (text != null) {
                String kept = truncated(i, text, maxBytes);
                if (kept != text) {
                    values[i] = kept;
                }
            }
        }
    }

    /** Records that a source value could not be put in {@code column}; the column stays empty. */
    public Row invalid(String column, String reason) {
        slot(column, null);
        if (invalidValues.isEmpty()) {
            invalidValues = new ArrayList<>(2);
        }
        invalidValues.add(column + ": " + reason);
        return this;
    }

    /**
     * The value of a column: String (string, guid), Integer, Long, Boolean, Instant (datetime),
     * {@link RawJson} or String (dynamic); null when empty.
     */
    public Object get(String column) {
        return values[table.indexOf(column)];
    }

    /** As {@link #get}, by the column's position in {@link TableSchema#columns()}, for callers that looked it up once. */
    public Object valueAt(int index) {
        return values[index];
    }

    /** How many values were cut: to {@link #MAX_VALUE_BYTES}, or further by {@link #capValues}. */
    public int truncatedValues() {
        return cut == null ? 0 : cut.cardinality();
    }

    /** Source values that did not fit their column, as "Column: reason". */
    public List<String> invalidValues() {
        return invalidValues;
    }

    private String truncated(int slot, String value, int maxBytes) {
        String kept = Utf8.truncate(value, maxBytes);
        if (kept != value) {
            if (cut == null) {
                cut = new BitSet(values.length);
            }
            cut.set(slot);
        }
        return kept;
    }

    private int slot(String column, ColumnType expected) {
        int index = table.indexOf(column);
        ColumnType actual = table.columns().get(index).type();
        if (expected != null && actual != expected) {
            throw new IllegalArgumentException(table + "." + column + " is " + actual + ", not " + expected);
        }
        return index;
    }

    /** JSON text that goes into a dynamic column as it is. */
    public record RawJson(String json) {
    }
}
