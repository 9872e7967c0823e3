package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import dev.sentinelforwarder.format.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;

/** Reads typed column values out of JSON records, recording on the row what does not fit. */
final class JsonValues {
    private JsonValues() {
    }

    static void bool(Row row, String column, JsonFields record, Field field) {
        JsonToken token = record.token(field);
        String text = record.text(field);
        if (token == null) {
            return;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            row.bool(column, token == JsonToken.VALUE_TRUE);
        } else if (token == JsonToken.VALUE_STRING && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            row.bool(column, Boolean.parseBoolean(text));
        } else {
            row.invalid(column, "'" + excerpt(text) + "' is not a boolean");
        }
    }

    /** The instant of an ISO-8601 text; null (and recorded as invalid) when it is not one. */
    static Instant instant(Row row, String column, JsonFields record, Field field) {
        return instant(row, column, record.text(field));
    }

    /** The instant of an ISO-8601 text; null (and recorded as invalid) when it is not one. */
    static Instant instant(Row row, String column, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseIso(text);
        } catch (DateTimeException e) {
            row.invalid(column, "'" + excerpt(text) + "' is not an ISO-8601 date-time");
            return null;
        }
    }

    /** A dynamic column from a field: objects, arrays, numbers and booleans as JSON, a string as a JSON string. */
    static void dynamic(Row row, String column, JsonFields record, Field field) {
        if (record.token(field) == JsonToken.VALUE_STRING) {
            row.dynamicString(column, record.text(field));
        } else {
            row.dynamic(column, record.text(field));
        }
    }

    static String excerpt(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
