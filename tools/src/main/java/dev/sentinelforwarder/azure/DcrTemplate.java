package dev.sentinelforwarder.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Column;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Azure side as an ARM template, generated from the same {@link Tables} the mappers fill: a data
 * collection rule (kind Direct) with one compact stream declaration per table ({@link RowFormat#COMPACT}), a
 * transform that projects its short input names onto the built-in table's columns (GUID columns converted with
 * {@code toguid()}), optionally a data collection endpoint, and who may
 * send to it ("Monitoring Metrics Publisher" on the rule, nothing wider). With {@code auth=federated} (default)
 * that is a user-assigned managed identity whose one federated credential trusts the AWS account's issuer for
 * the forwarder's role only: no secret exists on either side. With {@code auth=secret} it is an existing Entra
 * app's service principal. Its outputs are the values the AWS side needs. Generated, not hand-kept, so a column
 * added to a mapper cannot be missing in Azure.
 */
public final class DcrTemplate {
    /** The built-in role that may send data to a DCR. */
    static final String MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb";
    static final String API_VERSION = "2023-03-11";
    static final String IDENTITY_API_VERSION = "2023-01-31";
    /** The audience Entra expects in federated assertions; the forwarder asks STS for it. */
    static final String AUDIENCE = "api://AzureADTokenExchange";
    private static final String FEDERATED = "[equals(parameters('auth'), 'federated')]";
    private static final String SECRET = "[equals(parameters('auth'), 'secret')]";
    private static final List<String> CUSTOM_COLUMNS = List.of("LogGroup_CF", "LogStream_CF", "AwsAccountId_CF");
    /** Rule {@code copyIndex()} of a copy loop: its name and resource id, as ARM expressions and as whole values. */
    private static final String RULE_NAME_EXPRESSION = "variables('dcrNames')[copyIndex()]";
    private static final String RULE_ID_EXPRESSION = "resourceId('Microsoft.Insights/dataCollectionRules', " + RULE_NAME_EXPRESSION + ")";
    private static final String RULE_NAME = "[" + RULE_NAME_EXPRESSION + "]";
    private static final String RULE_ID = "[" + RULE_ID_EXPRESSION + "]";
    /** The streams this template declares: the forwarder's default row format. */
    public static final RowFormat STREAMS = RowFormat.COMPACT;

    private DcrTemplate() {
    }

    public static String json() {
        return template().toPrettyString() + "\n";
    }

    /** The data collection rule resource of the template. */
    public static JsonNode rule() {
        for (JsonNode resource : template().get("resources")) {
            if (resource.get("type").textValue().equals("Microsoft.Insights/dataCollectionRules")) {
                return resource;
            }
        }
        throw new IllegalStateException("the template has no data collection rule");
    }

    private static ObjectNode template() {
        ObjectNode template = Json.mapper().createObjectNode();
        template.put("$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        template.put("contentVersion", "1.0.0.0");
        ObjectNode parameters = template.putObject("parameters");
        parameter(parameters, "dcrName", "string", "sentinel-aws-forwarder", "Name of the data collection rule (the first, with several)");
        parameters.putObject("ruleCount").put("type", "int").put("defaultValue", 1).put("minValue", 1).put("maxValue", ForwarderConfig.MAX_RULES)
                .putObject("metadata").put("description", "How many identical rules to make, <dcrName>, <dcrName>-1, ...: the forwarder"
                        + " spreads objects over them, each rule adding its own 2 GB/min and 12,000 requests/min (see the README's scale section)");
        parameter(parameters, "location", "string", "[resourceGroup().location]", "Region of the rule: the workspace's");
        parameter(parameters, "workspaceResourceId", "string", null, "Resource id of the Sentinel-enabled Log Analytics workspace");
        parameters.putObject("auth").put("type", "string").put("defaultValue", "federated")
                .<ObjectNode>set("allowedValues", Json.mapper().createArrayNode().add("federated").add("secret"))
                .putObject("metadata").put("description", "federated: a managed identity trusts the forwarder's AWS role, no"
                        + " secret; secret: an existing Entra app (servicePrincipalObjectId) with its credentials in AWS");
        parameter(parameters, "awsIssuerUrl", "string", "",
                "federated: the AWS account's token issuer (aws iam get-outbound-web-identity-federation-info, IssuerIdentifier)");
        parameter(parameters, "forwarderRoleArn", "string", "",
                "federated: the forwarder role's ARN, the one subject trusted (arn:aws:iam::<account>:role/<stack>-forwarder)");
        parameter(parameters, "identityName", "string", "sentinel-aws-forwarder", "federated: name of the managed identity");
        parameter(parameters, "credentialName", "string", "[format('aws-{0}', uniqueString(parameters('forwarderRoleArn')))]",
                "federated: name of the identity's federated credential for this role, one per role, so that stacks in other"
                        + " accounts or of other names share the identity (0.6.0 and earlier named the one credential"
                        + " aws-forwarder-role: give that name to keep it; ./forwarder deploy does)");
        parameter(parameters, "servicePrincipalObjectId", "string", "",
                "secret: object id of the Entra app's service principal (the app the forwarder authenticates as)");
        parameters.putObject("createDataCollectionEndpoint").put("type", "bool").put("defaultValue", false)
                .putObject("metadata").put("description", "Create a data collection endpoint (needed for private links); "
                        + "otherwise the rule's own ingestion endpoint is used");
        parameters.putObject("cloudWatchCustomColumns").put("type", "bool").put("defaultValue", false)
                .putObject("metadata").put("description", "Keep LogGroup_CF, LogStream_CF and AwsAccountId_CF (add them to "
                        + "AWSCloudWatch first; set CLOUDWATCH_CUSTOM_COLUMNS=true on the forwarder)");
        ObjectNode variables = template.putObject("variables");
        // A copy loop: resources and outputs can then name rule i as variables('dcrNames')[copyIndex()].
        variables.putArray("copy").addObject().put("name", "dcrNames").put("count", "[parameters('ruleCount')]")
                .put("input", "[if(equals(copyIndex('dcrNames'), 0), parameters('dcrName'), format('{0}-{1}', parameters('dcrName'),"
                        + " copyIndex('dcrNames')))]");
        variables
                .put("dceName", "[format('{0}-dce', parameters('dcrName'))]")
                .put("roleDefinitionId", "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '"
                        + MONITORING_METRICS_PUBLISHER + "')]")
                .put("identityId", "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))]");

        ArrayNode resources = template.putArray("resources");
        ObjectNode dce = resources.addObject();
        dce.put("condition", "[parameters('createDataCollectionEndpoint')]");
        dce.put("type", "Microsoft.Insights/dataCollectionEndpoints").put("apiVersion", API_VERSION)
                .put("name", "[variables('dceName')]").put("location", "[parameters('location')]");
        dce.putObject("properties").putObject("networkAcls").put("publicNetworkAccess", "Enabled");

        ObjectNode dcr = resources.addObject();
        dcr.putObject("copy").put("name", "rules").put("count", "[parameters('ruleCount')]");
        dcr.put("type", "Microsoft.Insights/dataCollectionRules").put("apiVersion", API_VERSION)
                .put("name", RULE_NAME).put("location", "[parameters('location')]").put("kind", "Direct");
        dcr.putArray("dependsOn").add("[resourceId('Microsoft.Insights/dataCollectionEndpoints', variables('dceName'))]");
        ObjectNode properties = dcr.putObject("properties");
        properties.put("dataCollectionEndpointId", "[if(parameters('createDataCollectionEndpoint'), "
                + "resourceId('Microsoft.Insights/dataCollectionEndpoints', variables('dceName')), null())]");
        ObjectNode streams = properties.putObject("streamDeclarations");
        for (TableSchema table : Tables.ALL) {
            ArrayNode columns = streams.putObject(STREAMS.stream(table)).putArray("columns");
            for (int i = 0; i < table.columns().size(); i++) {
                columns.addObject().put("name", STREAMS.inputName(table, i)).put("type", STREAMS.streamType(table.columns().get(i).type()));
            }
        }
        properties.putObject("destinations").putArray("logAnalytics").addObject()
                .put("workspaceResourceId", "[parameters('workspaceResourceId')]").put("name", "sentinel");
        ArrayNode flows = properties.putArray("dataFlows");
        for (TableSchema table : Tables.ALL) {
            ObjectNode flow = flows.addObject();
            flow.putArray("streams").add(STREAMS.stream(table));
            flow.putArray("destinations").add("sentinel");
            flow.put("transformKql", transform(table));
            flow.put("outputStream", "Microsoft-" + table.name());
        }

        ObjectNode identity = resources.addObject();
        identity.put("condition", FEDERATED);
        identity.put("type", "Microsoft.ManagedIdentity/userAssignedIdentities").put("apiVersion", IDENTITY_API_VERSION)
                .put("name", "[parameters('identityName')]").put("location", "[parameters('location')]");
        // The role's credential: tokens from this issuer, for Entra's exchange, about this forwarder role and no other.
        ObjectNode credential = resources.addObject();
        credential.put("condition", FEDERATED);
        credential.put("type", "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials")
                .put("apiVersion", IDENTITY_API_VERSION).put("name", "[format('{0}/{1}', parameters('identityName'), parameters('credentialName'))]");
        credential.putArray("dependsOn").add("[variables('identityId')]");
        ObjectNode trust = credential.putObject("properties").put("issuer", "[parameters('awsIssuerUrl')]")
                .put("subject", "[parameters('forwarderRoleArn')]");
        trust.putArray("audiences").add(AUDIENCE);
        roleAssignment(resources, FEDERATED, "variables('identityId')",
                "reference(variables('identityId'), '" + IDENTITY_API_VERSION + "').principalId");
        roleAssignment(resources, SECRET, "parameters('servicePrincipalObjectId')", "parameters('servicePrincipalObjectId')");

        String rule = "reference(" + RULE_ID + ", '" + API_VERSION + "')";
        ObjectNode outputs = template.putObject("outputs");
        // Arrays, rule by rule in the same order: joined with commas they are INGESTION_ENDPOINT and DCR_IMMUTABLE_ID.
        outputs.putObject("ingestionEndpoints").put("type", "array").putObject("copy").put("count", "[parameters('ruleCount')]")
                .put("input", "[if(parameters('createDataCollectionEndpoint'), reference(resourceId("
                        + "'Microsoft.Insights/dataCollectionEndpoints', variables('dceName')), '" + API_VERSION
                        + "').logsIngestion.endpoint, " + rule + ".endpoints.logsIngestion)]");
        outputs.putObject("dcrImmutableIds").put("type", "array").putObject("copy").put("count", "[parameters('ruleCount')]")
                .put("input", "[" + rule + ".immutableId]");
        outputs.putObject("tenantId").put("condition", FEDERATED).put("type", "string").put("value", "[subscription().tenantId]");
        outputs.putObject("clientId").put("condition", FEDERATED).put("type", "string")
                .put("value", "[reference(variables('identityId'), '" + IDENTITY_API_VERSION + "').clientId]");
        return template;
    }

    /**
     * "Monitoring Metrics Publisher" on the rule only, for one principal, when {@code condition} holds. The
     * principal arguments are ARM expressions: {@code key} known before deployment (it names the assignment),
     * {@code id} the principal's object id.
     */
    private static void roleAssignment(ArrayNode resources, String condition, String key, String id) {
        ObjectNode role = resources.addObject();
        role.putObject("copy").put("name", "grants").put("count", "[parameters('ruleCount')]");
        role.put("condition", condition);
        role.put("type", "Microsoft.Authorization/roleAssignments").put("apiVersion", "2022-04-01")
                .put("scope", "[format('Microsoft.Insights/dataCollectionRules/{0}', " + RULE_NAME_EXPRESSION + ")]")
                .put("name", "[guid(" + RULE_ID_EXPRESSION + ", " + key + ", variables('roleDefinitionId'))]");
        role.putArray("dependsOn").add(RULE_ID).add("[variables('identityId')]"); // ARM drops dependencies on resources whose condition is false
        // ServicePrincipal: a managed identity just made may not have replicated yet; the type spares that lookup.
        role.putObject("properties").put("roleDefinitionId", "[variables('roleDefinitionId')]")
                .put("principalId", "[" + id + "]").put("principalType", "ServicePrincipal");
    }

    /**
     * Each compact input column projected onto its table column, GUID columns through {@code toguid()}; for
     * AWSCloudWatch without the optional custom columns unless the parameter keeps them.
     */
    static String transform(TableSchema table) {
        String kql = project(table, c -> true);
        if (table == Tables.AWS_CLOUD_WATCH) {
            return "[if(parameters('cloudWatchCustomColumns'), '" + kql + "', '"
                    + project(table, c -> !CUSTOM_COLUMNS.contains(c.name())) + "')]";
        }
        return kql;
    }

    private static String project(TableSchema table, Predicate<Column> kept) {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            Column column = table.columns().get(i);
            String input = STREAMS.inputName(table, i);
            if (i == table.timeGenerated() && table.timeGeneratedSource() >= 0) {
                // A compact row leaves TimeGenerated out when it is its source column's value (TableSchema); iif and
                // isnull are on the same list of what a transformation supports.
                input = "iif(isnull(" + input + "), " + STREAMS.inputName(table, table.timeGeneratedSource()) + ", " + input + ")";
            }
            if (kept.test(column)) {
                columns.add(column.name() + " = " + switch (column.type()) {
                    case GUID -> "toguid(" + input + ")";
                    // Unix microseconds, a long, back to a date-time: exact for every date a datetime column holds, where a
                    // real (a double) of seconds or microseconds is not past 2106. datetime_add and make_datetime are on the
                    // list of what a transformation supports (learn.microsoft.com/azure/azure-monitor/essentials/data-collection-transformations-kql).
                    case DATETIME -> "datetime_add(\"microsecond\", " + input + ", make_datetime(1970, 1, 1))";
                    default -> input;
                });
            }
        }
        return "source | project " + String.join(", ", columns);
    }

    private static void parameter(ObjectNode parameters, String name, String type, String defaultValue, String description) {
        ObjectNode parameter = parameters.putObject(name).put("type", type);
        if (defaultValue != null) {
            parameter.put("defaultValue", defaultValue);
        }
        parameter.putObject("metadata").put("description", description);
    }
}
