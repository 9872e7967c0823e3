package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * How rows name their columns on the wire.
 *
 * <p>{@link #COMPACT} (the default) sends each column under a short input name ({@link TableSchema#shortName})
 * to a stream declared with those names, whose transform projects them onto the table's columns: every row
 * repeats every name it fills, so short names make request bodies, their compression and the rule's 2 GB/min
 * budget go further, and rows in the table are the same. Its date-times are whole Unix microseconds, an integer
 * the stream declares long, exact for every date a datetime column holds; a TimeGenerated that repeats the column it
 * is taken from is left out ({@link TableSchema#timeGeneratedSource}).
 * {@link #FULL} sends the table's own column names to
 * {@code Custom-<Table>}, for a hand-written rule whose stream mirrors the table.
 */
public enum RowFormat {
    COMPACT,
    FULL;

    /** The input stream that takes rows of {@code table} in this format, as infra/azure/dcr.json declares it. */
    public String stream(TableSchema table) {
        return this == COMPACT ? table.compactStream() : "Custom-" + table.name();
    }

    /** How the stream declares a column of this type. */
    public String streamType(ColumnType type) {
        return this == COMPACT && type == ColumnType.DATETIME ? "long" : type.streamType();
    }

    /** The name column {@code index} of {@code table} has in rows of this format. */
    public String inputName(TableSchema table, int index) {
        return this == COMPACT ? TableSchema.shortName(index) : table.columns().get(index).name();
    }

    /** A row of this format, as JSON text, as the table has it: for the people who read quarantine. */
    public String withColumnNames(TableSchema table, String row) {
        if (this == FULL) {
            return row;
        }
        try {
            return tableRow(table, Json.mapper().readTree(row)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a row we serialised is not JSON", e);
        }
    }

    /**
     * A row of this format as the generated transform makes it a row of the table: short names replaced by the
     * columns', Unix microseconds written as ISO-8601, a TimeGenerated left out taken from its source column; a name
     * no column has stays as it is.
     */
    public JsonNode tableRow(TableSchema table, JsonNode row) {
        if (this == FULL) {
            return row;
        }
        ObjectNode named = Json.mapper().createObjectNode();
        char[] time = new char[Timestamps.MAX_ISO_CHARS];
        int source = table.timeGeneratedSource();
        if (source >= 0 && !row.has(inputName(table, table.timeGenerated())) && row.has(inputName(table, source))) {
            // first, where the table's rows have it
            named.set("TimeGenerated", time(row.get(inputName(table, source)), time));
        }
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            int index = table.indexOfShortName(field.getKey());
            Column column = index < 0 ? null : table.columns().get(index);
            JsonNode value = field.getValue();
            if (column != null && column.type() == ColumnType.DATETIME) {
                value = time(value, time);
            }
            named.set(column == null ? field.getKey() : column.name(), value);
        }
        return named;
    }

    /** Unix microseconds as ISO-8601 text; anything else as it is. */
    private static JsonNode time(JsonNode value, char[] buffer) {
        if (!value.isIntegralNumber()) {
            return value;
        }
        Instant t = Instant.EPOCH.plus(value.longValue(), ChronoUnit.MICROS);
        return TextNode.valueOf(new String(buffer, 0, Timestamps.formatIso(t, buffer)));
    }

    /** The setting's value for this format. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RowFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }
}
