package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;
import static dev.sentinelforwarder.table.JsonValues.instant;
import static dev.sentinelforwarder.table.JsonValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/** GuardDuty finding -> AWSGuardDuty row, with the column names and types of the built-in table. */
public final class GuardDutyMapper extends TableMapper<ObjectNode> {
    static final Set<String> MAPPED_FIELDS = Set.of("updatedAt", "createdAt", "schemaVersion", "accountId", "region",
            "partition", "id", "arn", "type", "severity", "title", "description", "resource", "service");

    public GuardDutyMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(ObjectNode finding) {
        if (text(finding.get("id")) == null || text(finding.get("type")) == null) {
            return new Mapping.Skipped("not a GuardDuty finding: no \"id\" or \"type\" (fields: "
                    + excerpt(String.join(",", (Iterable<String>) finding::fieldNames)) + ")");
        }
        Row row = new Row(Tables.AWS_GUARD_DUTY);
        Instant updated = instant(row, "TimeGenerated", finding.get("updatedAt"));
        Instant created = instant(row, "TimeCreated", finding.get("createdAt"));
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(updated != null ? updated : created));
        row.dateTime("TimeCreated", created);
        row.string("SchemaVersion", text(finding.get("schemaVersion")));
        row.string("AccountId", text(finding.get("accountId")));
        row.string("Region", text(finding.get("region")));
        row.string("Partition", text(finding.get("partition")));
        row.string("Id", text(finding.get("id")));
        row.string("Arn", text(finding.get("arn")));
        row.string("ActivityType", text(finding.get("type")));
        severity(row, finding.get("severity"));
        row.string("Title", text(finding.get("title")));
        row.string("Description", text(finding.get("description")));
        row.dynamic("ResourceDetails", jsonOrNull(finding.get("resource")));
        row.dynamic("ServiceDetails", jsonOrNull(finding.get("service")));

        countUnmapped(finding, MAPPED_FIELDS);
        return new Mapping.Mapped(row);
    }

    // GuardDuty scores severity from 1.0 to 10.0 (e.g. 5.5); the table's column is int. Rounding down
    // keeps every finding in its band (Low < 4, Medium < 7, High < 9, Critical >= 9).
    private static void severity(Row row, JsonNode node) {
        if (node == null || node.isNull()) {
            return;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else {
            try {
                value = Double.parseDouble(node.asText());
            } catch (NumberFormatException e) {
                row.invalid("Severity", "'" + excerpt(text(node)) + "' is not a number");
                return;
            }
        }
        if (!(value >= 0 && value <= 100)) {
            row.invalid("Severity", value + " is outside GuardDuty's severity range");
            return;
        }
        row.integer("Severity", (int) Math.floor(value));
    }

    private static String jsonOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }
}
