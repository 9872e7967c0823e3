package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The optional log sources: a trail, VPC flow logs and a GuardDuty export, with the policies each needs. */
class LogSourcesTest {
    private static final String FIREWALL = "arn:aws:network-firewall:eu-west-1:111122223333:firewall/egress";
    private static Template template;
    private static Stack stack;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        stack = new Stack(app, "Sources", StackProps.builder().env(software.amazon.awscdk.Environment.builder()
                .account("111122223333").region("eu-west-1").build()).build());
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderTest.azureOutputs()
                .withLogSources(new SentinelForwarderProps.LogSources(true, true, List.of("vpc-0abc1234def567890"), true, false,
                        "12abc34d567e8fa901bc2d34e56789f0", List.of("vpc-0abc1234def567890", "vpc-0fed9876cba543210"),
                        List.of(FIREWALL), true))
                .build());
        Aspects.of(stack).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
    }

    @Test
    void aMultiRegionTrailWithFileValidationAndDataEventsWritesToTheBucket() {
        template.hasResourceProperties("AWS::CloudTrail::Trail", Match.objectLike(Map.of("IsMultiRegionTrail", true,
                "EnableLogFileValidation", true, "IncludeGlobalServiceEvents", true, "S3BucketName", Match.anyValue(),
                "KMSKeyId", Match.anyValue())));
        assertThat(template.findResources("AWS::CloudTrail::Trail").toString()).contains("AWS::S3::Object").contains("AWS::Lambda::Function");
        String bucketPolicy = template.findResources("AWS::S3::BucketPolicy").toString();
        assertThat(bucketPolicy).contains("CloudTrailAclCheck").contains("CloudTrailWrite")
                .contains("aws:SourceArn=").contains(":trail/Sources-trail");
    }

    @Test
    void flowLogsOfEveryFieldUpToV5GoToTheBucketWithHourlyPartitions() {
        template.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of("ResourceId", "vpc-0abc1234def567890",
                "ResourceType", "VPC", "LogDestinationType", "s3", "TrafficType", "ALL",
                "DestinationOptions", Map.of("FileFormat", "plain-text", "HiveCompatiblePartitions", false, "PerHourPartition", true))));
        String format = template.findResources("AWS::EC2::FlowLog").toString();
        assertThat(format).contains("${pkt-src-aws-service}").contains("${traffic-path}").contains("${flow-direction}");
        assertThat(template.findResources("AWS::S3::BucketPolicy").toString()).contains("delivery.logs.amazonaws.com");
    }

    @Test
    void guardDutyExportsToTheBucketWithItsSourceConditions() {
        template.hasResourceProperties("AWS::GuardDuty::PublishingDestination", Match.objectLike(Map.of(
                "DetectorId", "12abc34d567e8fa901bc2d34e56789f0", "DestinationType", "S3")));
        String bucketPolicy = template.findResources("AWS::S3::BucketPolicy").toString();
        assertThat(bucketPolicy).contains("guardduty.amazonaws.com").contains("aws:SourceAccount=111122223333")
                .contains("detector/12abc34d567e8fa901bc2d34e56789f0");
        assertThat(template.findResources("AWS::KMS::Key").toString()).contains("GuardDutyEncrypt");
    }

    @Test
    void resolverQueriesOfEachVpcAreLoggedToTheBucketByLogDelivery() {
        template.resourceCountIs("AWS::Route53Resolver::ResolverQueryLoggingConfig", 1);
        template.hasResourceProperties("AWS::Route53Resolver::ResolverQueryLoggingConfig", Match.objectLike(Map.of(
                "DestinationArn", Match.anyValue())));
        assertThat(template.findResources("AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation").toString())
                .contains("vpc-0abc1234def567890").contains("vpc-0fed9876cba543210");
        assertThat(template.findResources("AWS::S3::BucketPolicy").toString()).contains("LogDeliveryAclCheck").contains("LogDeliveryWrite")
                .contains("aws:SourceAccount=111122223333");
    }

    @Test
    void theFirewallSendsFlowAlertAndTlsLogsToTheBucket() {
        template.hasResourceProperties("AWS::NetworkFirewall::LoggingConfiguration", Match.objectLike(Map.of("FirewallArn", FIREWALL)));
        String logging = template.findResources("AWS::NetworkFirewall::LoggingConfiguration").toString();
        assertThat(logging).contains("LogType=FLOW").contains("LogType=ALERT").contains("LogType=TLS").contains("LogDestinationType=S3");
    }

    @Test
    void securityHubFindingsReachTheBucketThroughEventBridgeAndFirehoseOneEventPerLine() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("EventPattern", Map.of(
                "source", List.of("aws.securityhub"), "detail-type", List.of("Security Hub Findings - Imported")))));
        template.hasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Match.objectLike(Map.of(
                "DeliveryStreamType", "DirectPut",
                "ExtendedS3DestinationConfiguration", Match.objectLike(Map.of(
                        "Prefix", "AWSLogs/111122223333/SecurityHubFindings/", "CompressionFormat", "GZIP",
                        "BufferingHints", Map.of("IntervalInSeconds", 60, "SizeInMBs", 64),
                        "ProcessingConfiguration", Map.of("Enabled", true, "Processors", List.of(Map.of("Type", "AppendDelimiterToRecord",
                                "Parameters", List.of(Map.of("ParameterName", "Delimiter", "ParameterValue", "\\n"))))))))));
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("AWSLogs/111122223333/SecurityHubFindings/*").contains("firehose:PutRecord");
    }

    @Test
    void cdkNagStillFindsNothingUnexplained() {
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList()).isEmpty();
    }

    @Test
    void refusesLogSourcesForABucketItDoesNotOwn() {
        assertThatThrownBy(() -> SentinelForwarderTest.azureOutputs().withExistingBucketName("their-bucket")
                .withLogSources(new SentinelForwarderProps.LogSources(true, false, List.of(), false, null)).build())
                .hasMessageContaining("log sources need a bucket created by the stack");
    }
}
