package dev.sentinelforwarder.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Column;
import dev.sentinelforwarder.table.ColumnType;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcrTemplateTest {
    private static final Path COMMITTED = Path.of("..", "infra", "azure", "dcr.json");

    @Test
    void theCommittedTemplateIsTheOneTheSchemasMake() throws Exception {
        assertThat(Files.readString(COMMITTED))
                .as("infra/azure/dcr.json drifted from the table schemas: run `./forwarder dcr-template`")
                .isEqualTo(DcrTemplate.json());
    }

    @Test
    void declaresEveryColumnOfEveryTableWithItsStreamType() throws Exception {
        JsonNode rule = rule();
        for (TableSchema table : Tables.ALL) {
            List<String> declared = new ArrayList<>();
            rule.at("/properties/streamDeclarations/Custom-" + table.name() + "/columns")
                    .forEach(c -> declared.add(c.get("name").textValue() + ":" + c.get("type").textValue()));
            assertThat(declared).as(table.name()).containsExactlyElementsOf(
                    table.columns().stream().map(c -> c.name() + ":" + c.type().streamType()).toList());
            assertThat(declared).noneMatch(c -> c.startsWith("TenantId:") || c.startsWith("Type:"));
        }
    }

    @Test
    void sendsEachStreamToItsBuiltInTableConvertingOnlyTheGuidColumns() throws Exception {
        JsonNode flows = rule().at("/properties/dataFlows");
        assertThat(flows).hasSize(4);
        for (JsonNode flow : flows) {
            String table = flow.get("outputStream").textValue().substring("Microsoft-".length());
            assertThat(flow.get("streams").get(0).textValue()).isEqualTo("Custom-" + table);
            TableSchema schema = Tables.ALL.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow();
            for (Column column : schema.columns()) {
                assertThat(flow.get("transformKql").textValue().contains("toguid(" + column.name() + ")"))
                        .as(table + "." + column.name()).isEqualTo(column.type() == ColumnType.GUID);
            }
        }
        assertThat(rule().get("kind").textValue()).isEqualTo("Direct");
    }

    @Test
    void grantsMonitoringMetricsPublisherAndOutputsWhatTheAwsSideNeeds() throws Exception {
        JsonNode template = Json.mapper().readTree(DcrTemplate.json());
        assertThat(template.at("/variables/roleDefinitionId").textValue()).contains("3913510d-42f4-4e42-8a64-420c390055eb");
        assertThat(template.get("resources")).anySatisfy(r -> {
            assertThat(r.get("type").textValue()).isEqualTo("Microsoft.Authorization/roleAssignments");
            assertThat(r.at("/properties/principalId").textValue()).isEqualTo("[parameters('servicePrincipalObjectId')]");
        });
        assertThat(template.get("outputs").has("ingestionEndpoint")).isTrue();
        assertThat(template.at("/outputs/dcrImmutableId/value").textValue()).endsWith(".immutableId]");
    }

    private static JsonNode rule() throws Exception {
        for (JsonNode resource : Json.mapper().readTree(DcrTemplate.json()).get("resources")) {
            if (resource.get("type").textValue().equals("Microsoft.Insights/dataCollectionRules")) {
                return resource;
            }
        }
        throw new AssertionError("no data collection rule in the template");
    }
}
