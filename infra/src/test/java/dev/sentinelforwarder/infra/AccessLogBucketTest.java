package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** WAF, load balancer and S3 server access logs: their own SSE-S3 bucket, each service confined to its prefix, read by the forwarder. */
class AccessLogBucketTest {
    private static final String ACL = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/app/0a1b2c3d";
    private static Template template;
    private static Stack stack;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = new Stack(app, "Access", StackProps.builder().env(software.amazon.awscdk.Environment.builder()
                .account("111122223333").region("eu-west-1").build()).build());
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderTest.azureOutputs()
                .withAccessLogSources(new SentinelForwarderProps.AccessLogSources(List.of(ACL), true, List.of("app-data", "app-assets")))
                .build());
        Aspects.of(stack).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
    }

    @Test
    void anSseS3BucketNamedAsWafRequires() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketName", "aws-waf-logs-sentinel-111122223333-eu-west-1",
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
    }

    @Test
    void eachServiceWritesOnlyUnderItsOwnPrefixOfThisAccount() {
        String policy = template.findResources("AWS::S3::BucketPolicy").toString();
        assertThat(policy).contains("WafLogDeliveryWrite").contains("AWSLogs/111122223333/WAFLogs/*")
                .contains("ElbAccessLogsWrite").contains("logdelivery.elasticloadbalancing.amazonaws.com")
                .contains("AWSLogs/111122223333/elasticloadbalancing/*")
                .contains("S3ServerAccessLogsWrite").contains("logging.s3.amazonaws.com").contains("AWSLogs/111122223333/S3AccessLogs/*")
                .contains(":s3:::app-data").contains(":s3:::app-assets");
        template.hasResourceProperties("AWS::WAFv2::LoggingConfiguration", Match.objectLike(Map.of("ResourceArn", ACL)));
    }

    @Test
    void theForwarderIsNotifiedAndReadsThereAndQuarantinesThereOnly() {
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("/AWSLogs/*").contains("/sentinel-forwarder-quarantine/*");
        String functions = template.findResources("AWS::Lambda::Function").toString();
        assertThat(functions).containsPattern("ALLOWED_BUCKETS=\\{Fn::Join=\\[, \\[\\{Ref=ForwarderLogs\\w+\\}, /AWSLogs/,, "
                + "\\{Ref=ForwarderLogs\\w+\\}, /cloudwatch/,, \\{Ref=ForwarderAccessLogsBucket\\w+\\}, /AWSLogs/\\]\\]\\}");
        assertThat(template.findResources("Custom::S3BucketNotifications")).hasSize(2);
    }

    @Test
    void cdkNagFindsNothingUnexplained() {
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList()).isEmpty();
    }
}
