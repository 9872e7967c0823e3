package dev.sentinelforwarder.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Timestamps;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a serialised row the way the ingestion service checks it against the stream's declaration:
 * every field a column of the table, with the column's JSON type. Used by the Logs Ingestion fake.
 */
public final class SchemaConformance {
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SchemaConformance() {
    }

    /** Every problem with {@code row} as a row of {@code table}; empty when it conforms. */
    public static List<String> problems(TableSchema table, JsonNode row) {
        List<String> problems = new ArrayList<>();
        if (!row.isObject()) {
            return List.of("row is not a JSON object: " + row);
        }
        if (!row.has("TimeGenerated")) {
            problems.add("TimeGenerated is missing");
        }
        for (String reserved : new String[] {"TenantId", "Type"}) {
            if (row.has(reserved)) {
                problems.add(reserved + " is set by the service and must not be sent");
            }
        }
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            var column = table.column(name);
            if (column.isEmpty()) {
                if (name.equals("TenantId") || name.equals("Type")) {
                    continue;
                }
                problems.add(table.name() + " has no column " + name);
                continue;
            }
            boolean ok = switch (column.get().type()) {
                case STRING -> value.isTextual();
                case GUID -> value.isTextual() && GUID.matcher(value.textValue()).matches();
                case INT -> value.isInt();
                case LONG -> value.isIntegralNumber() && value.canConvertToLong();
                case REAL -> value.isNumber();
                case BOOLEAN -> value.isBoolean();
                case DATETIME -> value.isTextual() && isIsoInstant(value.textValue());
                case DYNAMIC -> true;
            };
            if (!ok) {
                problems.add(name + " should be " + column.get().type() + " but is " + value);
            }
        }
        return problems;
    }

    private static boolean isIsoInstant(String text) {
        try {
            Timestamps.parseIso(text);
            return text.endsWith("Z");
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
