package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Maps the positional fields of an access log line (S3, ALB, NLB) to a table's columns. {@code -} is no
 * value; a line shorter than the fields AWS has written for years is not a record of this log; fields past
 * the known ones (AWS appends new ones at the end) are counted as unmapped, never an error.
 */
abstract class SpacedFieldsMapper extends TableMapper<String[]> {
    private final TableSchema table;
    private final String log;
    private final int minFields;
    private final int mappedFields;
    private final List<String> unmappedNames;

    /**
     * @param log what to call the log in reasons, e.g. "an ALB access log line"
     * @param minFields fewer fields than this is not a record of this log
     * @param mappedFields how many leading fields have columns
     * @param fieldsWithoutColumn the names of the known fields after those, which have no column
     */
    SpacedFieldsMapper(Instant objectTime, TableSchema table, String log, int minFields, int mappedFields,
            List<String> fieldsWithoutColumn) {
        super(objectTime);
        this.table = table;
        this.log = log;
        this.minFields = minFields;
        this.mappedFields = mappedFields;
        this.unmappedNames = fieldsWithoutColumn;
    }

    @Override
    public final Mapping map(String[] fields) {
        if (fields.length < minFields) {
            return new Mapping.Skipped("not " + log + ": " + fields.length + " space-separated fields, at least " + minFields
                    + " expected");
        }
        String unlike = unlikeThisLog(fields);
        if (unlike != null) {
            return new Mapping.Skipped("not " + log + ": " + unlike);
        }
        Row row = new Row(table);
        fill(row, fields);
        for (int i = mappedFields; i < fields.length; i++) {
            int known = i - mappedFields;
            unmapped(known < unmappedNames.size() ? unmappedNames.get(known) : "field " + (i + 1));
        }
        return new Mapping.Mapped(row);
    }

    abstract void fill(Row row, String[] fields);

    /**
     * Why a line with enough fields is still not one of this log's records (another log's lines under this log's key),
     * or null: the fields every record of this log has, in its shape.
     */
    abstract String unlikeThisLog(String[] fields);

    /** Field {@code i}, or null when the line has no such field or it is {@code -}. */
    static String at(String[] fields, int i) {
        return i < fields.length && !fields[i].equals("-") ? fields[i] : null;
    }

    /** Fills string columns from consecutive fields starting at {@code from}. */
    static void strings(Row row, String[] fields, int from, String... columns) {
        for (int i = 0; i < columns.length; i++) {
            row.string(columns[i], at(fields, from + i));
        }
    }

    static void integer(Row row, String column, String[] fields, int i) {
        integer(row, column, at(fields, i));
    }

    /** An int column from text; null leaves it empty. */
    static void integer(Row row, String column, String text) {
        if (text != null) {
            try {
                row.integer(column, Integer.parseInt(text));
            } catch (NumberFormatException e) {
                row.invalid(column, "'" + excerpt(text) + "' is not a whole number of 32 bits");
            }
        }
    }

    static void longInteger(Row row, String column, String[] fields, int i) {
        String text = at(fields, i);
        if (text != null) {
            try {
                row.longInteger(column, Long.parseLong(text));
            } catch (NumberFormatException e) {
                row.invalid(column, "'" + excerpt(text) + "' is not a whole number");
            }
        }
    }

    /** The time in field {@code i} by {@code parse}, or the object's time (counted) when it is missing or not a time. */
    Instant time(Row row, String[] fields, int i, Function<String, Instant> parse) {
        String text = at(fields, i);
        Instant time = null;
        if (text != null) {
            try {
                time = parse.apply(text);
            } catch (DateTimeException e) {
                row.invalid("TimeGenerated", "'" + excerpt(text) + "' is not a time");
            }
        }
        return eventTimeOrObjectTime(time);
    }

    /** Address and port of {@code host:port}, {@code [v6]:port}; null parts for {@code -}. */
    static String[] hostAndPort(String text) {
        if (text == null) {
            return new String[] {null, null};
        }
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        String port = colon < 0 ? null : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, port};
    }
}
