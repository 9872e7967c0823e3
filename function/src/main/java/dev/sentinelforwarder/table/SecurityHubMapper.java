package dev.sentinelforwarder.table;

import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import dev.sentinelforwarder.format.SecurityHubFinding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Security Hub ASFF finding -> AWSSecurityHubFindings row, column by column as Microsoft's transform maps
 * {@code findings[0]}, but for every finding of an event: one row each. TimeGenerated is the event's time
 * (a bare finding's UpdatedAt); RawData is the event's detail holding this finding alone, which is
 * Microsoft's RawData for the usual event of one finding.
 */
public final class SecurityHubMapper extends TableMapper<SecurityHubFinding> {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field ID = SELECT.field("Id");
    private static final Field UPDATED_AT = SELECT.field("UpdatedAt");
    private static final Map<String, Field> TEXT = new LinkedHashMap<>();
    private static final Map<String, Field> DYNAMIC = new LinkedHashMap<>();
    private static final Map<String, Field> TIMES = new LinkedHashMap<>();

    static {
        String[][] text = {{"AwsRegion", "Region"}, {"AwsAccountId", "AwsAccountId"}, {"ComplianceStatus", "Compliance.Status"},
            {"ComplianceSecurityControlId", "Compliance.SecurityControlId"}, {"AwsSecurityFindingTitle", "Title"},
            {"AwsSecurityFindingDescription", "Description"}, {"AwsSecurityFindingGeneratorId", "GeneratorId"},
            {"AwsSecurityFindingProductArn", "ProductArn"}, {"AwsSecurityFindingProductName", "ProductName"},
            {"SchemaVersion", "SchemaVersion"}, {"RecordState", "RecordState"}, {"WorkflowState", "WorkflowState"}};
        for (String[] column : text) {
            TEXT.put(column[0], SELECT.field(column[1]));
        }
        String[][] dynamic = {{"ComplianceStatusReasons", "Compliance.StatusReasons"},
            {"ComplianceSecurityControlParameters", "Compliance.SecurityControlParameters"},
            {"ComplianceRelatedRequirements", "Compliance.RelatedRequirements"},
            {"ComplianceAssociatedStandards", "Compliance.AssociatedStandards"}, {"AwsSecurityFindingTypes", "Types"},
            {"AwsSecurityFindingProductFields", "ProductFields"}, {"AwsSecurityFindingSeverity", "FindingProviderFields.Severity"},
            {"Remediation", "Remediation"}, {"Resources", "Resources"}};
        for (String[] column : dynamic) {
            DYNAMIC.put(column[0], SELECT.field(column[1]));
        }
        for (String name : new String[] {"CreatedAt", "FirstObservedAt", "LastObservedAt", "ProcessedAt"}) {
            TIMES.put("AwsSecurityFinding" + name, SELECT.field(name));
        }
        TIMES.put("AwsSecurityFindingUpdatedAt", UPDATED_AT);
    }

    public static final JsonFields.Selection FIELDS = SELECT.build();

    public SecurityHubMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(SecurityHubFinding finding) {
        JsonFields fields = finding.fields();
        if (fields.text(ID) == null) {
            return new Mapping.Skipped("not an ASFF finding: no \"Id\"");
        }
        Row row = new Row(Tables.AWS_SECURITY_HUB_FINDINGS);
        Instant eventTime = JsonValues.instant(row, "TimeGenerated", finding.eventTime());
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(eventTime != null ? eventTime
                : JsonValues.instant(row, "TimeGenerated", fields.text(UPDATED_AT))));
        row.string("AwsSecurityFindingId", fields.text(ID));
        TEXT.forEach((column, field) -> row.string(column, fields.text(field)));
        DYNAMIC.forEach((column, field) -> JsonValues.dynamic(row, column, fields, field));
        TIMES.forEach((column, field) -> row.dateTime(column, JsonValues.instant(row, column, fields.text(field))));
        row.dynamic("RawData", "{\"findings\":[" + finding.json() + "]}");
        return new Mapping.Mapped(row);
    }
}
