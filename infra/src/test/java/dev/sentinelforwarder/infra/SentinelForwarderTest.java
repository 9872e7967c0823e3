package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** One assertion per promise the construct makes, on the synthesized CloudFormation. */
class SentinelForwarderTest {
    static final SentinelForwarderProps PROPS = SentinelForwarderProps.builder()
            .withIngestionEndpoint("https://sentinel-dcr-a1b2.westeurope-1.ingest.monitor.azure.com")
            .withDcrImmutableId("dcr-0123456789abcdef0123456789abcdef")
            .withSubscribedLogGroups(List.of("/ecs/web"))
            .build();

    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        Stack stack = new Stack(app, "Test");
        new SentinelForwarder(stack, "Forwarder", PROPS);
        template = Template.fromStack(stack);
    }

    @Test
    void encryptsWithARotatedCustomerManagedKey() {
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("KmsMasterKeyId", Match.anyValue())));
    }

    @Test
    void theBucketBlocksPublicAccessIsVersionedEncryptedAndExpiresOldVersions() {
        var encryption = Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.arrayWith(List.of(Match.objectLike(
                Map.of("ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms"))))))));
        var lifecycle = Match.objectLike(Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(
                Map.of("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))));
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", encryption,
                "LifecycleConfiguration", lifecycle)));
        var denyInsecure = Match.objectLike(Map.of("Effect", "Deny",
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(denyInsecure)))))));
    }

    @Test
    void theQueueHidesMessagesSixTimesTheTimeoutAndDeadLettersAfterFiveReceives() {
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("VisibilityTimeout", 1800,
                "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5)))));
        template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("MessageRetentionPeriod", 1209600)));
    }

    @Test
    void objectCreatedNotificationsGoToTheQueueForEachPrefix() {
        for (String prefix : List.of("AWSLogs/", "cloudwatch/")) {
            var filter = Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", prefix))));
            var configuration = Match.objectLike(Map.of("Events", List.of("s3:ObjectCreated:*"), "Filter", filter));
            template.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of("NotificationConfiguration",
                    Match.objectLike(Map.of("QueueConfigurations", Match.arrayWith(List.of(configuration)))))));
        }
    }

    @Test
    void theForwarderRunsJava25OnArmWithSnapStartBehindAnAlias() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest",
                "Runtime", "java25", "Architectures", List.of("arm64"), "MemorySize", 1769, "Timeout", 300,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))));
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live", "FunctionName", Match.anyValue(),
                "FunctionVersion", Match.anyValue()));
    }

    @Test
    void theQueueFeedsTheAliasWithPartialBatchResponses() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "BatchSize", 10,
                "MaximumBatchingWindowInSeconds", 5, "ScalingConfig", Map.of("MaximumConcurrency", 20))));
        assertThat(template.findResources("AWS::Lambda::EventSourceMapping").toString())
                .as("the mapping invokes the SnapStart alias, not $LATEST").contains(":live");
    }

    @Test
    void theForwarderIsConfiguredAndMayReadOnlyTheLogPrefixes() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "INGESTION_ENDPOINT", PROPS.ingestionEndpoint(), "DCR_IMMUTABLE_ID", PROPS.dcrImmutableId(),
                        "AZURE_CREDENTIALS_SECRET_ARN", Match.anyValue(), "ALLOWED_BUCKETS", Match.anyValue(),
                        "QUARANTINE_PREFIX", "sentinel-forwarder-quarantine/", "LEDGER_TABLE", Match.anyValue()))))));
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("AWSLogs/*").contains("cloudwatch/*").contains("sentinel-forwarder-quarantine/*")
                .contains("sqs:SendMessage").contains("sqs:ChangeMessageVisibility").contains("secretsmanager:GetSecretValue")
                .contains("dynamodb:UpdateItem").contains("kms:ViaService");
        assertThat(policies).doesNotContain("s3:*").doesNotContain("s3:List").doesNotContain("s3:GetBucket")
                .doesNotContain("kms:ReEncrypt").doesNotContain("kms:Encrypt").doesNotContain("dynamodb:Scan")
                .doesNotContain("dynamodb:PutItem").doesNotContain("dynamodb:GetRecords").doesNotContain("Resource=*}")
                .doesNotContain("arn:aws:");
    }

    @Test
    void theCompanionKeepsWhatStillFailsAfterTwoRetriesInItsDeadLetterQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of("MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.objectLike(Map.of("Fn::GetAtt",
                        List.of(template.findResources("AWS::SQS::Queue").keySet().stream().filter(id -> id.contains("Companion"))
                                .findFirst().orElseThrow(), "Arn"))))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmDescription",
                Match.stringLikeRegexp("CloudWatch Logs deliveries the companion could not write.*"))));
    }

    @Test
    void theCompanionWritesUnderItsPrefixAndIsSubscribed() {
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.cloudwatch.CloudWatchExportHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CSV_PREFIX", "cloudwatch/", "CSV_BUCKET", Match.anyValue()))))));
        template.hasResourceProperties("AWS::Logs::SubscriptionFilter", Match.objectLike(Map.of("LogGroupName", "/ecs/web",
                "FilterPattern", "")));
    }

    @Test
    void theLedgerIsAnEncryptedOnDemandTableWithTtl() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "object", "KeyType", "HASH")),
                "BillingMode", "PAY_PER_REQUEST", "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
    }

    @Test
    void alarmsOnTheDeadLetterQueueAgeErrorsThrottlesAndQuarantine() {
        assertThat(template.findResources("AWS::CloudWatch::Alarm")).hasSize(6);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", "q0 + q1 + q2 + q3")))))));
    }

    @Test
    void aDashboardShowsTheForwardersOwnMetrics() {
        String dashboard = template.findResources("AWS::CloudWatch::Dashboard").toString();
        assertThat(dashboard).contains("SentinelAwsForwarder").contains("Rows").contains("Quarantined").contains("Throttles")
                .contains("ApproximateAgeOfOldestMessage");
    }

    @Test
    void refusesToSubscribeItsOwnLogGroups() {
        App app = new App();
        Stack stack = new Stack(app, "Loop");
        assertThatThrownBy(() -> new SentinelForwarder(stack, "Forwarder", SentinelForwarderProps.builder()
                .withIngestionEndpoint(PROPS.ingestionEndpoint()).withDcrImmutableId(PROPS.dcrImmutableId())
                .withSubscribedLogGroups(List.of("/sentinel-aws-forwarder/Loop/companion")).build()))
                .hasMessageContaining("is one of the forwarder's own log groups");
    }

    @Test
    void passesStreamNamesThatDifferFromTheTemplatesToTheForwarder() {
        App app = new App();
        Stack stack = new Stack(app, "Streams");
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderProps.builder().withIngestionEndpoint(PROPS.ingestionEndpoint())
                .withDcrImmutableId(PROPS.dcrImmutableId()).withStreams(Map.of("vpcflow", "Custom-Flows")).build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("STREAM_VPCFLOW", "Custom-Flows"))))));
    }

    @Test
    void refusesPropsWithoutTheAzureValues() {
        assertThatThrownBy(() -> SentinelForwarderProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SentinelForwarder: ingestionEndpoint (the Azure template's output, https://...) is required; "
                        + "dcrImmutableId (the Azure template's output, dcr-...) is required");
    }
}
