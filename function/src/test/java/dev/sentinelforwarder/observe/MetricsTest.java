package dev.sentinelforwarder.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;

class MetricsTest {
    @Test
    void writesOneEmbeddedMetricFormatDocumentPerTable() throws Exception {
        Metrics metrics = new Metrics(() -> new MetricsLogger(new LambdaEnvironment()));
        metrics.add("AWSVPCFlow", "Rows", 900);
        metrics.add("AWSVPCFlow", "Rows", 100);
        metrics.add("AWSVPCFlow", "SentBytes", 2048);
        metrics.add("All", "MessagesFailed", 1);

        List<JsonNode> documents = captureStdout(metrics::flush);

        assertThat(documents).hasSize(2);
        JsonNode vpc = documents.stream().filter(d -> d.path("Table").asText().equals("AWSVPCFlow")).findFirst().orElseThrow();
        JsonNode directive = vpc.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").textValue()).isEqualTo("SentinelAwsForwarder");
        assertThat(directive.get("Dimensions").get(0).get(0).textValue()).isEqualTo("Table");
        assertThat(vpc.get("Rows").doubleValue()).isEqualTo(1000.0);
        assertThat(vpc.get("SentBytes").doubleValue()).isEqualTo(2048.0);
        assertThat(directive.get("Metrics").findValuesAsText("Unit")).contains("Bytes", "Count");
        assertThat(metrics.totals().get("AWSVPCFlow").get("Rows")).isEqualTo(1000.0);
        assertThat(captureStdout(metrics::flush)).as("a second flush has nothing new to say").isEmpty();
    }

    @Test
    void countsPerFilterRuleGoInTheirOwnDocumentWithTheRuleAsADimension() throws Exception {
        Metrics metrics = new Metrics(() -> new MetricsLogger(new LambdaEnvironment()));
        metrics.add("AWSVPCFlow", "RowsDropped", 7);
        metrics.addForRule("AWSVPCFlow", "no-data", "RowsDropped", 5);
        metrics.addForRule("AWSVPCFlow", "skip-data", "RowsDropped", 2);

        List<JsonNode> documents = captureStdout(metrics::flush);

        assertThat(documents).hasSize(3);
        JsonNode noData = documents.stream().filter(d -> d.path("Rule").asText().equals("no-data")).findFirst().orElseThrow();
        assertThat(noData.get("Table").asText()).isEqualTo("AWSVPCFlow");
        assertThat(noData.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0))
                .extracting(JsonNode::asText).containsExactly("Table", "Rule");
        assertThat(noData.get("RowsDropped").doubleValue()).isEqualTo(5.0);
        assertThat(metrics.totals()).containsOnlyKeys("AWSVPCFlow", "AWSVPCFlow/no-data", "AWSVPCFlow/skip-data");
        assertThat(metrics.totals().get("AWSVPCFlow/skip-data")).containsEntry("RowsDropped", 2.0);
    }

    @Test
    void countsPerDestinationGoInTheirOwnDocumentWithTheDestinationAsItsOneDimension() throws Exception {
        Metrics metrics = new Metrics(() -> new MetricsLogger(new LambdaEnvironment()));
        metrics.add("AWSGuardDuty", "Rows", 9);
        metrics.addForDestination("eu", "Rows", 4);
        metrics.addForDestination("default", "Rows", 5);
        metrics.addForDestination("eu", "ObjectsFailed", 1);

        List<JsonNode> documents = captureStdout(metrics::flush);

        assertThat(documents).hasSize(3);
        JsonNode eu = documents.stream().filter(d -> d.path("Destination").asText().equals("eu")).findFirst().orElseThrow();
        assertThat(eu.has("Table")).isFalse();
        assertThat(eu.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0)).extracting(JsonNode::asText)
                .containsExactly("Destination");
        assertThat(eu.get("Rows").doubleValue()).isEqualTo(4.0);
        assertThat(eu.get("ObjectsFailed").doubleValue()).isEqualTo(1.0);
        assertThat(metrics.totals()).containsOnlyKeys("AWSGuardDuty", "Destination/eu", "Destination/default");
    }

    @Test
    void theSharedTableNamesAreTheSchemas() {
        assertThat(dev.sentinelforwarder.metrics.MetricNames.TABLES)
                .as("the CDK dashboard and alarms graph these tables").containsExactlyElementsOf(
                        dev.sentinelforwarder.table.Tables.ALL.stream().map(dev.sentinelforwarder.table.TableSchema::name).toList());
    }

    private static List<JsonNode> captureStdout(Runnable action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> documents = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                documents.add(Json.mapper().readTree(line));
            }
        }
        return documents;
    }
}
