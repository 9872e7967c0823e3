package dev.sentinelforwarder.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;

/** Reads typed column values out of JSON records, recording on the row what does not fit. */
final class JsonValues {
    private JsonValues() {
    }

    /** A scalar as text; an object or array as its JSON text; null when absent or JSON null. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static void bool(Row row, String column, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isBoolean()) {
            row.bool(column, node.booleanValue());
        } else if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
            row.bool(column, Boolean.parseBoolean(node.textValue()));
        } else {
            row.invalid(column, "'" + excerpt(text(node)) + "' is not a boolean");
        }
    }

    /** The instant of an ISO-8601 text node; null (and recorded as invalid) when it is not one. */
    static Instant instant(Row row, String column, JsonNode node) {
        String text = text(node);
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

    static String excerpt(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
