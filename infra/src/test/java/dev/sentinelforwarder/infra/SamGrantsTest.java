package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The SAM template (template.yaml) grants each function what the CDK app grants it, no more: both are
 * reduced to "action on resource" lines, resources named by role (queue, ledger, logs/AWSLogs/* ...).
 */
class SamGrantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theForwarderAndTheCompanionHaveTheSameGrantsInBoth() throws Exception {
        App app = new App();
        Stack stack = new Stack(app, "Grants");
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderTest.PROPS);
        JsonNode cdk = JSON.valueToTree(Template.fromStack(stack).toJSON()).get("Resources");
        JsonNode sam = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile()).get("Resources");

        Set<String> cdkForwarder = cdkGrants(cdk, "ForwarderIdentityRole");
        Set<String> cdkCompanion = cdkGrants(cdk, "CloudWatchCompanionServiceRole");

        assertThat(samGrants(sam, "ForwarderRole")).containsExactlyInAnyOrderElementsOf(cdkForwarder);
        assertThat(samGrants(sam, "CompanionRole")).containsExactlyInAnyOrderElementsOf(cdkCompanion);
        assertThat(cdkForwarder).contains("s3:GetObject on logs/AWSLogs/*", "s3:PutObject on logs/sentinel-forwarder-quarantine/*", "s3:GetObject on logs/sentinel-forwarder-quarantine/*",
                "dynamodb:UpdateItem on ledger", "sqs:SendMessage on queue",
                "sts:GetWebIdentityToken on * if {\"ForAllValues:StringEquals\":{\"sts:IdentityTokenAudience\":[\"api://AzureADTokenExchange\"]},"
                        + "\"NumericLessThanEquals\":{\"sts:DurationSeconds\":300},\"StringEquals\":{\"sts:SigningAlgorithm\":\"RS256\"}}")
                .noneMatch(grant -> grant.startsWith("secretsmanager:"));
        assertThat(cdkCompanion).contains("s3:PutObject on logs/cloudwatch/*", "sqs:SendMessage on companion-dead-letter-queue");
    }

    private static Set<String> cdkGrants(JsonNode resources, String role) {
        Set<String> grants = new TreeSet<>();
        resources.properties().forEach(entry -> {
            JsonNode resource = entry.getValue();
            if (resource.path("Type").asText().equals("AWS::IAM::Policy")
                    && resource.at("/Properties/Roles/0/Ref").asText().contains(role)) {
                resource.at("/Properties/PolicyDocument/Statement").forEach(statement -> add(grants, statement));
            }
        });
        return grants;
    }

    private static Set<String> samGrants(JsonNode resources, String role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode policy : resources.get(role).at("/Properties/Policies")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                add(grants, statement.isArray() ? statement.get(1) : statement); // !If [HasLogBucketKey, statement, NoValue]
            }
        }
        return grants;
    }

    private static void add(Set<String> grants, JsonNode statement) {
        java.util.regex.Matcher via = java.util.regex.Pattern.compile("\"(\\w+)\\.")
                .matcher(statement.at("/Condition/StringEquals/kms:ViaService").toString());
        String service = via.find() ? " via " + via.group(1) : "";
        // Other conditions are part of the grant: both templates must pin the same ones.
        JsonNode condition = statement.path("Condition");
        if (!condition.isMissingNode() && condition.path("StringEquals").path("kms:ViaService").isMissingNode()) {
            service = " if " + canonical(condition);
        }
        for (String action : list(statement.get("Action"))) {
            for (String resource : list(statement.get("Resource"))) {
                grants.add(action + " on " + name(resource) + service);
            }
        }
    }

    /** Keys sorted, numbers as numbers (YAML reads 300 as an int, so does the CDK). */
    private static String canonical(JsonNode node) {
        try {
            return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.isTextual() ? value.textValue() : value.toString()));
        } else {
            values.add(node.isTextual() ? node.textValue() : node.toString());
        }
        return values;
    }

    /** What a resource is, whichever way the template spells it. */
    private static String name(String resource) {
        for (Map.Entry<String, String> object : Map.of("/AWSLogs/", "logs/AWSLogs/*", "${LogPrefix}", "logs/AWSLogs/*",
                "/cloudwatch/", "logs/cloudwatch/*", "/sentinel-forwarder-quarantine/", "logs/sentinel-forwarder-quarantine/*").entrySet()) {
            if (resource.contains(object.getKey())) {
                return object.getValue();
            }
        }
        List<Map.Entry<String, String>> names = List.of(Map.entry("CompanionDeadLetterQueue", "companion-dead-letter-queue"),
                Map.entry("QueueKey", "queue-key"), Map.entry("Queue", "queue"), Map.entry("Ledger", "ledger"),
                Map.entry("AzureCredentials", "secret"), Map.entry("CredentialsSecretArn", "secret"),
                Map.entry("LogBucketKeyArn", "data-key"), Map.entry("Key", "data-key"));
        for (Map.Entry<String, String> entry : names) {
            if (resource.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return resource;
    }
}
