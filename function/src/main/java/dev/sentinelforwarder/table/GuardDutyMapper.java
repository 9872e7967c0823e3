package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;
import static dev.sentinelforwarder.table.JsonValues.instant;

import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import java.time.Instant;

/** GuardDuty finding -> AWSGuardDuty row, with the column names and types of the built-in table. */
public final class GuardDutyMapper extends TableMapper<JsonFields> {
    // One character over the column limit: the row still sees the value was longer and counts the cut.
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field UPDATED_AT = SELECT.field("updatedAt");
    private static final Field CREATED_AT = SELECT.field("createdAt");
    private static final Field SCHEMA_VERSION = SELECT.field("schemaVersion");
    private static final Field ACCOUNT_ID = SELECT.field("accountId");
    private static final Field REGION = SELECT.field("region");
    private static final Field PARTITION = SELECT.field("partition");
    private static final Field ID = SELECT.field("id");
    private static final Field ARN = SELECT.field("arn");
    private static final Field TYPE = SELECT.field("type");
    private static final Field SEVERITY = SELECT.field("severity");
    private static final Field TITLE = SELECT.field("title");
    private static final Field DESCRIPTION = SELECT.field("description");
    private static final Field RESOURCE = SELECT.field("resource");
    private static final Field SERVICE = SELECT.field("service");

    /** The finding fields this mapper reads; any other top-level field is counted as unmapped. */
    public static final JsonFields.Selection FIELDS = SELECT.build();

    public GuardDutyMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(JsonFields finding) {
        if (finding.text(ID) == null || finding.text(TYPE) == null) {
            return new Mapping.Skipped("not a GuardDuty finding: no \"id\" or \"type\" (fields: "
                    + excerpt(String.join(",", finding.otherFields())) + ")");
        }
        Row row = new Row(Tables.AWS_GUARD_DUTY);
        Instant updated = instant(row, "TimeGenerated", finding, UPDATED_AT);
        Instant created = instant(row, "TimeCreated", finding, CREATED_AT);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(updated != null ? updated : created));
        row.dateTime("TimeCreated", created);
        row.string("SchemaVersion", finding.text(SCHEMA_VERSION));
        row.string("AccountId", finding.text(ACCOUNT_ID));
        row.string("Region", finding.text(REGION));
        row.string("Partition", finding.text(PARTITION));
        row.string("Id", finding.text(ID));
        row.string("Arn", finding.text(ARN));
        row.string("ActivityType", finding.text(TYPE));
        severity(row, finding.text(SEVERITY));
        row.string("Title", finding.text(TITLE));
        row.string("Description", finding.text(DESCRIPTION));
        JsonValues.dynamic(row, "ResourceDetails", finding, RESOURCE);
        JsonValues.dynamic(row, "ServiceDetails", finding, SERVICE);

        countUnmapped(finding);
        return new Mapping.Mapped(row);
    }

    // GuardDuty scores severity from 1.0 to 10.0 (e.g. 5.5); the table's column is int. Rounding down
    // keeps every finding in its band (Low < 4, Medium < 7, High < 9, Critical >= 9).
    private static void severity(Row row, String text) {
        if (text == null) {
            return;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            row.invalid("Severity", "'" + excerpt(text) + "' is not a number");
            return;
        }
        if (!(value >= 0 && value <= 100)) {
            row.invalid("Severity", value + " is outside GuardDuty's severity range");
            return;
        }
        row.integer("Severity", (int) Math.floor(value));
    }
}
