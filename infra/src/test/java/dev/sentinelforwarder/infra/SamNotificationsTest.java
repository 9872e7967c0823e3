package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Each notification mode of template.yaml admits to the queue and its key what the CDK app's does: the same service,
 * the same actions, pinned by the same condition (aws:SourceArn of the rule or the topic), and nothing else.
 */
class SamNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"eventbridge, ByEventBridge, ObjectCreatedRule", "sns, BySns, ObjectCreatedSubscription"})
    void theQueueAndItsKeyAdmitTheSameSourceInBoth(String mode, String condition, String resource) throws Exception {
        SentinelForwarderProps.Builder props = SentinelForwarderTest.azureOutputs().withNotifications(
                mode.equals("sns") ? "sns:" + SentinelForwarderTest.TOPIC : mode);
        if (mode.equals("sns")) {
            props.withExistingBucketName("log-archive");
        }
        Stack stack = new Stack(new App(), "Modes");
        new SentinelForwarder(stack, "Forwarder", props.build());
        JsonNode cdk = JSON.valueToTree(Template.fromStack(stack).toJSON()).get("Resources");
        JsonNode sam = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile()).get("Resources");

        Set<String> cdkAdmitted = new TreeSet<>();
        cdk.properties().forEach(entry -> {
            JsonNode r = entry.getValue();
            if (entry.getKey().startsWith("ForwarderQueueKey") || entry.getKey().startsWith("ForwarderQueuePolicy")) {
                r.at(r.path("Type").asText().equals("AWS::KMS::Key") ? "/Properties/KeyPolicy/Statement" : "/Properties/PolicyDocument/Statement")
                        .forEach(s -> add(cdkAdmitted, s));
            }
        });
        Set<String> samAdmitted = new TreeSet<>();
        for (String name : List.of("QueueKey", "QueuePolicy")) {
            for (JsonNode statement : sam.get(name).at(name.equals("QueueKey") ? "/Properties/KeyPolicy/Statement" : "/Properties/PolicyDocument/Statement")) {
                if (statement.isArray() && statement.get(0).asText().equals(condition)) { // !If [condition, statement, NoValue]
                    add(samAdmitted, statement.get(1));
                }
            }
        }

        assertThat(samAdmitted).isNotEmpty().containsExactlyInAnyOrderElementsOf(cdkAdmitted);
        assertThat(sam.get(resource).path("Condition").asText()).isEqualTo(condition);
    }

    /** "service: actions if condition keys" for a statement that admits a service; others (account, TLS deny) left out. */
    private static void add(Set<String> admitted, JsonNode statement) {
        JsonNode service = statement.at("/Principal/Service");
        if (service.isMissingNode()) {
            return;
        }
        List<String> actions = new ArrayList<>();
        (statement.get("Action").isArray() ? statement.get("Action") : JSON.createArrayNode().add(statement.get("Action")))
                .forEach(a -> actions.add(a.asText()));
        List<String> keys = new ArrayList<>();
        statement.path("Condition").properties().forEach(c -> c.getValue().fieldNames().forEachRemaining(k -> keys.add(c.getKey() + " " + k)));
        admitted.add(service.asText() + ": " + String.join(",", new TreeSet<>(actions)) + " if " + keys);
    }
}
