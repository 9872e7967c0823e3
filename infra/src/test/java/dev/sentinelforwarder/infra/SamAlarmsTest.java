package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sentinelforwarder.metrics.MetricNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** template.yaml has the CDK app's alarms, by name and metric, each notifying the alarm topic, and a dashboard of the same metrics. */
class SamAlarmsTest {
    @Test
    void theSamTemplateHasEveryAlarmOfTheCdkAppWiredToTheTopic() throws Exception {
        App app = new App();
        Stack stack = new Stack(app, "Alarms");
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderTest.PROPS);
        JsonNode cdk = new ObjectMapper().valueToTree(Template.fromStack(stack).toJSON()).get("Resources");
        JsonNode sam = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile()).get("Resources");

        List<String> cdkAlarms = new ArrayList<>();
        cdk.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                cdkAlarms.add(e.getKey().replaceFirst("^Forwarder", "").replaceFirst("[0-9A-F]{8}$", "") + " "
                        + e.getValue().at("/Properties/MetricName").asText());
            }
        });
        List<String> samAlarms = new ArrayList<>();
        sam.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                samAlarms.add(e.getKey() + " " + e.getValue().at("/Properties/MetricName").asText());
                assertThat(e.getValue().at("/Properties/AlarmActions").toString()).as(e.getKey()).contains("AlarmTopic", "AlarmTopicArn");
                assertThat(e.getValue().at("/Properties/OKActions").toString()).as(e.getKey()).contains("AlarmTopic", "AlarmTopicArn");
            }
        });
        assertThat(samAlarms).hasSize(6).containsExactlyInAnyOrderElementsOf(cdkAlarms);

        JsonNode body = sam.path("Dashboard").at("/Properties/DashboardBody"); // !Sub [text, variables]
        String dashboard = (body.isArray() ? body.get(0) : body).asText();
        for (String metric : List.of(MetricNames.ROWS, MetricNames.SENT_BYTES, MetricNames.QUARANTINED, MetricNames.OBJECTS_FAILED,
                MetricNames.THROTTLES, MetricNames.RETRIES)) {
            assertThat(dashboard).as("the SAM dashboard draws " + metric).contains("MetricName=\\\"" + metric + "\\\"");
        }
        assertThat(dashboard).contains(MetricNames.NAMESPACE, "ApproximateAgeOfOldestMessage", "AWS/Lambda");
    }
}
