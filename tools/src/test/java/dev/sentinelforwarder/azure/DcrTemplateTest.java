package dev.sentinelforwarder.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Column;
import dev.sentinelforwarder.table.ColumnType;
import dev.sentinelforwarder.table.RowFormat;
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
    void declaresTheCompactStreamOfEveryTableWithEachColumnsShortNameAndStreamType() throws Exception {
        JsonNode declarations = rule().at("/properties/streamDeclarations");
        assertThat(declarations.size()).isEqualTo(Tables.ALL.size());
        for (TableSchema table : Tables.ALL) {
            List<String> declared = new ArrayList<>();
            declarations.get(RowFormat.COMPACT.stream(table)).get("columns")
                    .forEach(c -> declared.add(c.get("name").textValue() + ":" + c.get("type").textValue()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                ColumnType type = table.columns().get(i).type();
                expected.add(TableSchema.shortName(i) + ":" + (type == ColumnType.DATETIME ? "long" : type.streamType()));
            }
            assertThat(declared).as(table.name()).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
        }
        assertThat(RowFormat.COMPACT.stream(Tables.AWS_VPC_FLOW)).matches("Custom-AWSVPCFlow_[0-9a-f]{8}");
    }

    @Test
    void projectsEveryShortNameOntoItsColumnTurningGuidsAndUnixSecondsBack() throws Exception {
        JsonNode flows = rule().at("/properties/dataFlows");
        assertThat(flows).hasSize(Tables.ALL.size());
        for (JsonNode flow : flows) {
            TableSchema table = Tables.byName(flow.get("outputStream").textValue().substring("Microsoft-".length())).orElseThrow();
            assertThat(flow.get("streams").get(0).textValue()).isEqualTo(RowFormat.COMPACT.stream(table));
            String kql = flow.get("transformKql").textValue();
            if (table == Tables.AWS_CLOUD_WATCH) {
                assertThat(kql).startsWith("[if(parameters('cloudWatchCustomColumns'), 'source | project ")
                        .endsWith("', 'source | project TimeGenerated = " + unixSeconds("iif(isnull(a), b, a)") + ", ExtractedTime = " + unixSeconds("b")
                                + ", Message = c')]");
                kql = kql.substring(kql.indexOf(", '") + 3, kql.indexOf("', '"));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                Column column = table.columns().get(i);
                String input = TableSchema.shortName(i);
                expected.add(column.name() + " = " + switch (column.type()) {
                    case GUID -> "toguid(" + input + ")";
                    case DATETIME -> unixSeconds(i == 0 ? timeGenerated(table) : input);
                    default -> input;
                });
            }
            assertThat(kql).as(table.name()).isEqualTo("source | project " + String.join(", ", expected));
        }
        assertThat(rule().get("kind").textValue()).isEqualTo("Direct");
    }

    /** A compact row leaves TimeGenerated out when it repeats a flow's Start (l) or a CloudWatch event's time (b). */
    private static String timeGenerated(TableSchema table) {
        return table == Tables.AWS_VPC_FLOW ? "iif(isnull(a), l, a)" : table == Tables.AWS_CLOUD_WATCH ? "iif(isnull(a), b, a)" : "a";
    }

    @Test
    void federatedByDefaultTheManagedIdentityTrustsOnlyTheForwarderRoleOfTheAccountsIssuer() throws Exception {
        JsonNode template = template();
        assertThat(template.at("/parameters/auth/defaultValue").textValue()).isEqualTo("federated");
        JsonNode credential = resource("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
        assertThat(credential.get("condition").textValue()).isEqualTo("[equals(parameters('auth'), 'federated')]");
        assertThat(credential.at("/properties/issuer").textValue()).isEqualTo("[parameters('awsIssuerUrl')]");
        assertThat(credential.at("/properties/subject").textValue()).isEqualTo("[parameters('forwarderRoleArn')]");
        assertThat(credential.at("/properties/audiences")).extracting(JsonNode::textValue).containsExactly("api://AzureADTokenExchange");
        assertThat(credential.get("name").textValue()).isEqualTo("[format('{0}/{1}', parameters('identityName'), parameters('credentialName'))]");
        assertThat(template.at("/parameters/credentialName/defaultValue").textValue()).as("one credential per role")
                .isEqualTo("[format('aws-{0}', uniqueString(parameters('forwarderRoleArn')))]");
        assertThat(resource("Microsoft.ManagedIdentity/userAssignedIdentities").get("condition").textValue())
                .isEqualTo(credential.get("condition").textValue());
        assertThat(template.at("/outputs/tenantId/value").textValue()).isEqualTo("[subscription().tenantId]");
        assertThat(template.at("/outputs/clientId/value").textValue()).contains(".clientId]");
        assertThat(template.at("/outputs/clientId/condition").textValue()).isEqualTo(credential.get("condition").textValue());
    }

    @Test
    void grantsMonitoringMetricsPublisherOnTheRuleOnlyToTheIdentityOrTheApp() throws Exception {
        JsonNode template = template();
        assertThat(template.at("/variables/roleDefinitionId").textValue()).contains("3913510d-42f4-4e42-8a64-420c390055eb");
        List<String> grants = new ArrayList<>();
        for (JsonNode resource : template.get("resources")) {
            if (resource.get("type").textValue().equals("Microsoft.Authorization/roleAssignments")) {
                assertThat(resource.get("scope").textValue())
                        .isEqualTo("[format('Microsoft.Insights/dataCollectionRules/{0}', variables('dcrNames')[copyIndex()])]");
                assertThat(resource.at("/copy/count").textValue()).as("one grant per rule").isEqualTo("[parameters('ruleCount')]");
                assertThat(resource.at("/properties/roleDefinitionId").textValue()).isEqualTo("[variables('roleDefinitionId')]");
                assertThat(resource.at("/properties/principalType").textValue()).isEqualTo("ServicePrincipal");
                grants.add(resource.get("condition").textValue() + " -> " + resource.at("/properties/principalId").textValue());
            }
        }
        assertThat(grants).containsExactlyInAnyOrder(
                "[equals(parameters('auth'), 'federated')] -> [reference(variables('identityId'), '2023-01-31').principalId]",
                "[equals(parameters('auth'), 'secret')] -> [parameters('servicePrincipalObjectId')]");
    }

    @Test
    void makesRuleCountIdenticalRulesTheFirstKeepingItsNameAndOutputsTheirEndpointsAndIdsInOneOrder() throws Exception {
        JsonNode template = template();
        assertThat(template.at("/parameters/ruleCount/defaultValue").intValue()).isEqualTo(1);
        JsonNode names = template.at("/variables/copy/0");
        assertThat(names.get("name").textValue()).isEqualTo("dcrNames");
        assertThat(names.get("input").textValue()).isEqualTo("[if(equals(copyIndex('dcrNames'), 0), parameters('dcrName'),"
                + " format('{0}-{1}', parameters('dcrName'), copyIndex('dcrNames')))]");
        assertThat(rule().at("/copy/count").textValue()).isEqualTo("[parameters('ruleCount')]");
        assertThat(rule().get("name").textValue()).isEqualTo("[variables('dcrNames')[copyIndex()]]");
        for (String output : List.of("ingestionEndpoints", "dcrImmutableIds")) {
            assertThat(template.at("/outputs/" + output + "/type").textValue()).isEqualTo("array");
            assertThat(template.at("/outputs/" + output + "/copy/count").textValue()).isEqualTo("[parameters('ruleCount')]");
            assertThat(template.at("/outputs/" + output + "/copy/input").textValue())
                    .contains("resourceId('Microsoft.Insights/dataCollectionRules', variables('dcrNames')[copyIndex()])");
        }
        assertThat(template.at("/outputs/dcrImmutableIds/copy/input").textValue()).endsWith(".immutableId]");
    }

    @Test
    void everyResourceAndOutputNamesOnlyParametersAndVariablesThatExist() throws Exception {
        JsonNode template = template();
        java.util.regex.Matcher uses = java.util.regex.Pattern.compile("(parameters|variables)\\('(\\w+)'\\)").matcher(template.toString());
        java.util.Set<String> loops = new java.util.HashSet<>();
        template.at("/variables/copy").forEach(loop -> loops.add(loop.get("name").textValue()));
        while (uses.find()) {
            assertThat(template.get(uses.group(1)).has(uses.group(2)) || uses.group(1).equals("variables") && loops.contains(uses.group(2)))
                    .as(uses.group()).isTrue();
        }
    }

    private static String unixSeconds(String input) {
        return "datetime_add(\"microsecond\", " + input + ", make_datetime(1970, 1, 1))";
    }

    private static JsonNode template() throws Exception {
        return Json.mapper().readTree(DcrTemplate.json());
    }

    private static JsonNode resource(String type) throws Exception {
        for (JsonNode resource : template().get("resources")) {
            if (resource.get("type").textValue().equals(type)) {
                return resource;
            }
        }
        throw new AssertionError("no " + type + " in the template");
    }

    private static JsonNode rule() throws Exception {
        return resource("Microsoft.Insights/dataCollectionRules");
    }
}
