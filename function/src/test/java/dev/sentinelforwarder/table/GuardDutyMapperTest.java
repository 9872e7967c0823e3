package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.CloudTrailMapperTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.JsonFields;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardDutyMapperTest {
    private static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");
    private static final String FINDING = """
            {"schemaVersion":"2.0","accountId":"111122223333","region":"us-east-1","partition":"aws",
             "id":"a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4","arn":"arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/a1b2",
             "type":"UnauthorizedAccess:EC2/SSHBruteForce",
             "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0a1b2c3d4e5f60718","tags":[{"key":"env","value":"prod"}]}},
             "service":{"serviceName":"guardduty","action":{"actionType":"NETWORK_CONNECTION"},"count":12,
                        "additionalInfo":{"value":"{\\"unusual\\":22}","type":"default"}},
             "severity":5.9,"createdAt":"2026-11-22T08:20:01.112Z","updatedAt":"2026-11-22T09:35:44.905Z",
             "title":"198.51.100.4 is performing SSH brute force attacks against i-0a1b2c3d4e5f60718.",
             "description":"198.51.100.4 is performing SSH brute force attacks against i-0a1b2c3d4e5f60718."}
            """;

    @Test
    void mapsEveryColumnTheBuiltInRuleReads() throws Exception {
        JsonNode finding = Json.mapper().readTree(FINDING);
        GuardDutyMapper mapper = new GuardDutyMapper(OBJECT_TIME);

        JsonNode row = RowTest.write(mapped(mapper, record(FINDING)));

        assertThat(SchemaConformance.problems(Tables.AWS_GUARD_DUTY, row)).isEmpty();
        assertThat(row.get("TimeGenerated").textValue()).isEqualTo("2026-11-22T09:35:44.905Z");
        assertThat(row.get("TimeCreated").textValue()).isEqualTo("2026-11-22T08:20:01.112Z");
        assertThat(row.get("ActivityType").textValue()).isEqualTo("UnauthorizedAccess:EC2/SSHBruteForce");
        assertThat(row.get("Severity").isInt()).isTrue();
        assertThat(row.get("Severity").intValue()).isEqualTo(5);
        assertThat(row.get("Id").textValue()).isEqualTo("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4");
        assertThat(row.get("AccountId").textValue()).isEqualTo("111122223333");
        assertThat(row.get("Arn").textValue()).startsWith("arn:aws:guardduty:us-east-1:111122223333:");
        assertThat(row.get("Region").textValue()).isEqualTo("us-east-1");
        assertThat(row.get("Partition").textValue()).isEqualTo("aws");
        assertThat(row.get("SchemaVersion").textValue()).isEqualTo("2.0");
        assertThat(row.get("Title").textValue()).startsWith("198.51.100.4 is performing");
        assertThat(row.get("Description").textValue()).startsWith("198.51.100.4 is performing");
        // resource and service stay JSON objects (dynamic), equal to the source
        assertThat(row.get("ResourceDetails")).isEqualTo(finding.get("resource"));
        assertThat(row.get("ServiceDetails")).isEqualTo(finding.get("service"));
        assertThat(mapper.unmappedFields()).isEmpty();
    }

    @Test
    void skipsALineThatIsNotAFindingWithTheReason() throws Exception {
        Mapping mapping = new GuardDutyMapper(OBJECT_TIME).map(record("{\"findings\":[]}"));

        assertThat(mapping).isEqualTo(new Mapping.Skipped("not a GuardDuty finding: no \"id\" or \"type\" (fields: findings)"));
    }

    @Test
    void roundsSeverityDownWithinItsBandAndRejectsNonNumbers() throws Exception {
        assertThat(severityOf("8.9")).isEqualTo(8);
        assertThat(severityOf("\"2\"")).isEqualTo(2);
        assertThat(severityOf("10")).isEqualTo(10);
        Row row = mapped(new GuardDutyMapper(OBJECT_TIME), record(FINDING.replace("\"severity\":5.9", "\"severity\":\"HIGH\"")));
        assertThat(row.get("Severity")).isNull();
        assertThat(row.invalidValues()).containsExactly("Severity: 'HIGH' is not a number");
    }

    @Test
    void countsFieldsWithoutAColumn() throws Exception {
        GuardDutyMapper mapper = new GuardDutyMapper(OBJECT_TIME);
        mapped(mapper, record(FINDING.replace("{\"schemaVersion\"", "{\"confidence\":7,\"schemaVersion\"")));

        assertThat(mapper.unmappedFields()).isEqualTo(Map.of("confidence", 1L));
    }

    private static Object severityOf(String json) throws Exception {
        return mapped(new GuardDutyMapper(OBJECT_TIME), record(FINDING.replace("\"severity\":5.9", "\"severity\":" + json)))
                .get("Severity");
    }

    private static JsonFields record(String json) throws Exception {
        return JsonFields.parse(json, GuardDutyMapper.FIELDS);
    }
}
