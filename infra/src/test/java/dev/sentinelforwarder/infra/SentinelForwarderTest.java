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
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "0f4c2f9e-6a1b-4c57-9d2e-3b8a1c7e5d90";
    static final SentinelForwarderProps PROPS = azureOutputs().withSubscribedLogGroups(List.of("/ecs/web")).build();

    /** Props with the Azure template's outputs (federated, the default). */
    static SentinelForwarderProps.Builder azureOutputs() {
        return SentinelForwarderProps.builder()
                .withIngestionEndpoint("https://sentinel-dcr-a1b2.westeurope-1.ingest.monitor.azure.com")
                .withDcrImmutableId("dcr-0123456789abcdef0123456789abcdef").withAzureTenantId(TENANT).withAzureClientId(CLIENT);
    }

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

    static final String TOPIC = "arn:aws:sns:eu-west-1:444455556666:log-archive-objects";

    @Test
    void eventBridgeModeRoutesObjectCreatedForTheLogPrefixesAndAdmitsOnlyThatRule() {
        Template eventBridge = synthesize(azureOutputs().withNotifications("eventbridge").build());
        eventBridge.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Map.of("source", List.of("aws.s3"), "detail-type", List.of("Object Created"),
                        "detail", Map.of("bucket", Map.of("name", List.of(Match.anyValue())),
                                "object", Map.of("key", List.of(Map.of("prefix", "AWSLogs/"), Map.of("prefix", "cloudwatch/"))))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Match.anyValue()))))));
        assertThat(eventBridge.findResources("AWS::Events::Rule").values().iterator().next().toString())
                .as("the target carries no role: the queue policy admits the rule").doesNotContain("RoleArn");
        eventBridge.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of(
                "NotificationConfiguration", Map.of("EventBridgeConfiguration", Map.of()))));
        assertAdmitsOnly(eventBridge, "events.amazonaws.com", Match.objectLike(Map.of("Fn::Join", Match.anyValue())));
        assertThat(eventBridge.toJSON().toString()).as("the rule is named, and named in the conditions: its own ARN would be a cycle")
                .contains("Name=Other-object-created").contains(":events:").contains(":rule/Other-object-created");
    }

    @Test
    void snsModeSubscribesTheQueueToTheBucketsTopicAndAdmitsOnlyIt() {
        Template sns = synthesize(azureOutputs().withExistingBucketName("log-archive").withNotifications("sns:" + TOPIC).build());
        sns.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "sqs", "TopicArn", TOPIC, "Region", "eu-west-1",
                "Endpoint", Match.anyValue()));
        sns.resourceCountIs("Custom::S3BucketNotifications", 0);
        sns.resourceCountIs("AWS::Events::Rule", 0);
        assertAdmitsOnly(sns, "sns.amazonaws.com", TOPIC);
        assertThatThrownBy(() -> azureOutputs().withNotifications("sns:" + TOPIC).build())
                .hasMessageContaining("give existingBucketName too");
        assertThatThrownBy(() -> azureOutputs().withNotifications("sns:arn:aws:sqs:eu-west-1:444455556666:q").build())
                .hasMessageContaining("notifications must be s3, eventbridge or sns:<topic arn>");
        assertThatThrownBy(() -> azureOutputs().withNotifications("bridge").build())
                .hasMessageContaining("notifications must be s3, eventbridge or sns:<topic arn>");
    }

    static final String ARCHIVE_KEY = "arn:aws:kms:eu-west-1:444455556666:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";

    /** Props for a log-archive bucket of another account, as an organisation keeps its logs. */
    static SentinelForwarderProps.Builder logArchive() {
        return azureOutputs().withExistingBucketName("aws-controltower-logs-444455556666-eu-west-1").withBucketAccount("444455556666")
                .withBucketKeyArn(ARCHIVE_KEY).withSubscribedLogGroups(List.of("/ecs/web"));
    }

    @Test
    void anotherAccountsBucketIsLeftToItsOwnerWithTheExactStatementsToApply() throws Exception {
        Stack stack = new Stack(new App(), "Archive");
        SentinelForwarder forwarder = new SentinelForwarder(stack, "Forwarder", logArchive().build());
        Template archive = Template.fromStack(stack);
        archive.resourceCountIs("Custom::S3BucketNotifications", 0);
        assertAdmitsOnly(archive, "s3.amazonaws.com", Match.anyValue());
        archive.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Principal", Map.of("Service", "s3.amazonaws.com"),
                        "Condition", Match.objectLike(Map.of("StringEquals", Map.of("aws:SourceAccount", "444455556666"))))))))))));
        archive.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Action", List.of("kms:Decrypt", "kms:GenerateDataKey"),
                        "Resource", ARCHIVE_KEY))))))))); 

        var outputs = forwarder.ownerStatements();
        assertThat(outputs).containsOnlyKeys("BucketPolicyStatements", "KeyPolicyStatement", "BucketNotificationConfiguration");
        String resolved = resolved(stack, outputs);
        assertThat(resolved).contains("SentinelForwarderReadsLogs", "s3:GetObjectVersion",
                ":s3:::aws-controltower-logs-444455556666-eu-west-1/AWSLogs/*",
                ":s3:::aws-controltower-logs-444455556666-eu-west-1/sentinel-forwarder-quarantine/*",
                ":s3:::aws-controltower-logs-444455556666-eu-west-1/cloudwatch/*", "SentinelForwarderCompanionWrites",
                "SentinelForwarderUsesTheKeyThroughS3", "kms:ViaService", "s3:ObjectCreated:*", "\\\"Value\\\":\\\"AWSLogs/\\\"");
        assertThat(resolved).as("no grant to list, delete or administer").doesNotContain("s3:ListBucket", "s3:Delete", "kms:*", "s3:*");

        Stack viaTopic = new Stack(new App(), "ArchiveTopic");
        SentinelForwarder subscribed = new SentinelForwarder(viaTopic, "Forwarder", logArchive().withNotifications("sns:" + TOPIC).build());
        assertThat(subscribed.ownerStatements()).containsOnlyKeys("BucketPolicyStatements", "KeyPolicyStatement", "TopicPolicyStatement");
        assertThat(resolved(viaTopic, subscribed.ownerStatements()))
                .contains("sns:Subscribe", TOPIC, "sns:Endpoint");
        assertThat(new SentinelForwarder(new Stack(new App(), "Own"), "Forwarder", PROPS).ownerStatements()).isEmpty();
        assertThatThrownBy(() -> logArchive().withNotifications("eventbridge").build()).hasMessageContaining("in the bucket's own account");
        assertThatThrownBy(() -> azureOutputs().withBucketAccount("444455556666").build()).hasMessageContaining("give both");
        assertThatThrownBy(() -> logArchive().withBucketKeyArn("alias/logs").build()).hasMessageContaining("bucketKeyArn is the KMS key ARN");
    }

    /** The outputs as CloudFormation will hold them, tokens resolved to their intrinsics, as JSON text. */
    private static String resolved(Stack stack, Object outputs) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(stack.resolve(outputs));
    }

    /** The queue policy and the queue key let {@code service} in for {@code source} only, and no other service. */
    private static void assertAdmitsOnly(Template modeTemplate, String service, Object source) {
        var fromSource = Map.of("ArnEquals", Map.of("aws:SourceArn", source));
        modeTemplate.hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Principal", Map.of("Service", service),
                        "Action", "sqs:SendMessage", "Condition", fromSource)))))))));
        modeTemplate.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Principal", Map.of("Service", service),
                        "Action", List.of("kms:GenerateDataKey", "kms:Decrypt"), "Condition", fromSource)))))))));
        String all = modeTemplate.toJSON().toString();
        for (String other : List.of("s3.amazonaws.com", "events.amazonaws.com", "sns.amazonaws.com")) {
            if (!other.equals(service)) {
                assertThat(all).as("no grant to " + other).doesNotContain("Service=" + other);
            }
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
                        "AZURE_AUTH", "federated", "AZURE_TENANT_ID", TENANT, "AZURE_CLIENT_ID", CLIENT,
                        "ALLOWED_BUCKETS", Match.anyValue(),
                        "QUARANTINE_PREFIX", "sentinel-forwarder-quarantine/", "LEDGER_TABLE", Match.anyValue()))))));
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("AWSLogs/*").contains("cloudwatch/*").contains("sentinel-forwarder-quarantine/*")
                .contains("sqs:SendMessage").contains("sqs:ChangeMessageVisibility").contains("dynamodb:UpdateItem").contains("kms:ViaService");
        assertThat(policies).doesNotContain("s3:*").doesNotContain("s3:List").doesNotContain("s3:GetBucket")
                .doesNotContain("kms:ReEncrypt").doesNotContain("kms:Encrypt").doesNotContain("dynamodb:Scan")
                .doesNotContain("dynamodb:PutItem").doesNotContain("dynamodb:GetRecords")
                .doesNotContain("arn:aws:").doesNotContain("secretsmanager:");
        assertThat(actionsOnAnyResource()).as("only actions that have no resource type are granted on '*'")
                .containsExactlyInAnyOrder("sts:GetWebIdentityToken", "iam:EnableOutboundWebIdentityFederation",
                        "iam:GetOutboundWebIdentityFederationInfo");
        assertThat(template.findResources("AWS::SecretsManager::Secret")).as("federated: no secret anywhere").isEmpty();
    }

    @Test
    void theForwarderRoleIsNamedAndMayAskStsForShortRs256TokensForEntraOnly() {
        template.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "Test-forwarder")));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest",
                "Role", Map.of("Fn::GetAtt", List.of(logicalId("AWS::IAM::Role", "ForwarderIdentityRole"), "Arn")))));
        var tokens = Match.objectLike(Map.of("Action", "sts:GetWebIdentityToken", "Effect", "Allow", "Resource", "*",
                "Condition", Map.of("ForAllValues:StringEquals", Map.of("sts:IdentityTokenAudience", List.of("api://AzureADTokenExchange")),
                        "StringEquals", Map.of("sts:SigningAlgorithm", "RS256"),
                        "NumericLessThanEquals", Map.of("sts:DurationSeconds", 300))));
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(tokens)))),
                "Roles", List.of(Map.of("Ref", logicalId("AWS::IAM::Role", "ForwarderIdentityRole"))))));
        assertThat(statements().filter(statement -> statement.toString().contains("sts:")).count())
                .as("one statement, on the forwarder's role only").isEqualTo(1);
    }

    @Test
    void outboundFederationIsEnabledAndItsIssuerReadBack() {
        String resources = template.findResources("Custom::AWS").toString();
        assertThat(resources).contains("enableOutboundWebIdentityFederation").contains("FeatureEnabled")
                .contains("getOutboundWebIdentityFederationInfo");
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("iam:EnableOutboundWebIdentityFederation").contains("iam:GetOutboundWebIdentityFederationInfo");
    }

    @Test
    void withoutEnablingFederationOnlyTheIssuerIsRead() {
        Stack stack = new Stack(new App(), "NoEnable");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withEnableOutboundFederation(false).build());
        String resources = Template.fromStack(stack).findResources("Custom::AWS").toString();
        assertThat(resources).doesNotContain("enableOutboundWebIdentityFederation").contains("getOutboundWebIdentityFederationInfo");
    }

    @Test
    void theSecretModeReadsOneSecretAndAsksStsForNothing() {
        Stack stack = new Stack(new App(), "Secret");
        new SentinelForwarder(stack, "Forwarder", SentinelForwarderProps.builder().withIngestionEndpoint(PROPS.ingestionEndpoint())
                .withDcrImmutableId(PROPS.dcrImmutableId()).withAuth("secret").build());
        Template secret = Template.fromStack(stack);
        secret.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("AZURE_AUTH", "secret",
                        "AZURE_CREDENTIALS_SECRET_ARN", Match.anyValue()))))));
        assertThat(secret.findResources("AWS::SecretsManager::Secret")).hasSize(1);
        String policies = secret.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("secretsmanager:GetSecretValue").doesNotContain("sts:").doesNotContain("OutboundWebIdentity");
        assertThat(secret.findResources("Custom::AWS")).isEmpty();
    }

    private static List<Object> actionsOnAnyResource() {
        return statements().filter(statement -> "*".equals(statement.get("Resource"))).map(statement -> statement.get("Action")).toList();
    }

    @SuppressWarnings("unchecked")
    private static java.util.stream.Stream<Map<String, Object>> statements() {
        return template.findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) ((Map<String, Object>) policy.get("Properties")).get("PolicyDocument"))
                .flatMap(document -> ((List<Map<String, Object>>) document.get("Statement")).stream());
    }

    private static String logicalId(String type, String prefix) {
        return template.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
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
        // the quarantine total of every table, one metric the forwarder writes under Table=All
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "Quarantined",
                "Dimensions", List.of(Map.of("Name", "Table", "Value", "All")), "Threshold", 0)));
    }

    @Test
    void withoutATopicOrAddressAlarmsNotifyNothing() {
        assertThat(template.findResources("AWS::SNS::Topic")).isEmpty();
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions", Match.absent())));
    }

    @Test
    void anAddressGetsAnEncryptedTopicThatEveryAlarmNotifiesBothWays() {
        Template withEmail = synthesize(azureOutputs().withAlarmEmail("secops@example.com").build());

        withEmail.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "secops@example.com",
                "TopicArn", Map.of("Ref", Match.stringLikeRegexp("ForwarderAlarmTopic.*"))));
        withEmail.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of("KmsMasterKeyId",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ForwarderAlarmKey.*"), "Arn")))));
        Map<String, Object> topic = Map.of("Ref", Match.stringLikeRegexp("ForwarderAlarmTopic.*"));
        assertThat(withEmail.findResources("AWS::CloudWatch::Alarm")).hasSize(6);
        withEmail.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions", List.of(topic),
                "OKActions", List.of(topic))));
        // Only CloudWatch alarms of this account may use the topic's key.
        withEmail.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy", Match.objectLike(Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "CloudWatchAlarmsPublish",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"),
                        "Condition", Match.objectLike(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))))))))));
    }

    @Test
    void anExistingTopicIsNotifiedAndNoTopicIsMade() {
        String arn = "arn:aws:sns:eu-west-1:111122223333:secops-pager";
        Template withTopic = synthesize(azureOutputs().withAlarmTopicArn(arn).build());

        assertThat(withTopic.findResources("AWS::SNS::Topic")).isEmpty();
        withTopic.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions", List.of(arn),
                "OKActions", List.of(arn))));
    }

    @Test
    void refusesATopicAndAnAddressTogetherAndMalformedOnes() {
        assertThatThrownBy(() -> azureOutputs().withAlarmTopicArn("secops").withAlarmEmail("secops").build())
                .hasMessageContaining("alarmTopicArn or alarmEmail, not both")
                .hasMessageContaining("alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), not 'secops'")
                .hasMessageContaining("alarmEmail must be an e-mail address, not 'secops'");
    }

    static Template synthesize(SentinelForwarderProps props) {
        Stack stack = new Stack(new App(), "Other");
        new SentinelForwarder(stack, "Forwarder", props);
        return Template.fromStack(stack);
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
        assertThatThrownBy(() -> new SentinelForwarder(stack, "Forwarder", azureOutputs()
                .withSubscribedLogGroups(List.of("/sentinel-aws-forwarder/Loop/companion")).build()))
                .hasMessageContaining("is one of the forwarder's own log groups");
    }

    @Test
    void passesStreamNamesThatDifferFromTheTemplatesToTheForwarder() {
        App app = new App();
        Stack stack = new Stack(app, "Streams");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withStreams(Map.of("vpcflow", "Custom-Flows")).build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("STREAM_VPCFLOW", "Custom-Flows"))))));
    }

    @Test
    void passesFilterAndDestinationRulesToTheForwarderAndOnlyLists() {
        String rules = "[{\"name\":\"no-data\",\"table\":\"AWSVPCFlow\",\"when\":{\"LogStatus\":{\"equals\":\"NODATA\"}}}]";
        String destinations = "[{\"name\":\"eu\",\"endpoint\":\"https://eu.ingest.monitor.azure.com\",\"rules\":[\"dcr-1\"]}]";
        String destinationRules = "[{\"to\":\"eu\",\"region\":\"eu-*\"}]";
        App app = new App();
        Stack stack = new Stack(app, "Filters");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withFilterRules(rules).withDestinations(destinations)
                .withDestinationRules(destinationRules).build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("FILTER_RULES", rules, "DESTINATIONS", destinations,
                        "DESTINATION_RULES", destinationRules))))));
        assertThat(template.toJSON().toString()).as("no rules, no setting").doesNotContain("FILTER_RULES")
                .doesNotContain("DESTINATION");
        assertThatThrownBy(() -> azureOutputs().withFilterRules("{\"name\":\"no-data\"}").build())
                .hasMessageContaining("filterRules must be a JSON list of rules");
        assertThatThrownBy(() -> azureOutputs().withDestinations("{\"name\":\"eu\"}").withDestinationRules("eu").build())
                .hasMessageContaining("destinations must be a JSON list of workspaces")
                .hasMessageContaining("destinationRules must be a JSON list of rules");
    }

    @Test
    void bothFunctionsRunOnTheChosenArchitectureAndTheForwarderMayLoadLibdeflate() {
        Stack stack = new Stack(new App(), "Intel");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withArchitecture("x86_64").build());
        Template intel = Template.fromStack(stack);
        assertThat(intel.findResources("AWS::Lambda::Function", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("Runtime", "java25", "Architectures", List.of("x86_64"))))))).hasSize(2);
        assertThat(template.findResources("AWS::Lambda::Function", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("Runtime", "java25", "Architectures", List.of("arm64"))))))).hasSize(2);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("JAVA_TOOL_OPTIONS", "--enable-native-access=ALL-UNNAMED"))))));
        assertThatThrownBy(() -> azureOutputs().withArchitecture("arm").build()).hasMessageContaining("architecture must be arm64 or x86_64");
    }

    @Test
    void sendsCompactRowsUnlessTheRuleIsOneOfYourOwn() {
        assertThat(template.toJSON().toString()).contains("ROW_FORMAT=compact");
        Stack stack = new Stack(new App(), "FullNames");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withRowFormat("full").build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ROW_FORMAT", "full"))))));
        assertThatThrownBy(() -> azureOutputs().withRowFormat("short").build()).hasMessageContaining("rowFormat must be compact or full");
    }

    @Test
    void quarantinesRowsOfOtherAccountsUnlessToldToSendThem() {
        assertThat(template.toJSON().toString()).contains("OTHER_ACCOUNT_ROWS=quarantine");
        Stack stack = new Stack(new App(), "Send");
        new SentinelForwarder(stack, "Forwarder", azureOutputs().withOtherAccountRows("send").build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("OTHER_ACCOUNT_ROWS", "send"))))));
        assertThatThrownBy(() -> azureOutputs().withOtherAccountRows("drop").build())
                .hasMessageContaining("otherAccountRows must be quarantine or send, not 'drop'");
    }

    @Test
    void refusesPropsWithoutTheAzureValues() {
        assertThatThrownBy(() -> SentinelForwarderProps.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SentinelForwarder: ingestionEndpoint (the Azure template's output, https://...) is required; "
                        + "dcrImmutableId (the Azure template's output, dcr-...) is required; "
                        + "azureTenantId and azureClientId (the Azure template's tenantId and clientId outputs, GUIDs) are required"
                        + " with auth=federated");
        assertThatThrownBy(() -> azureOutputs().withCredentialsSecretName("entra-app").build())
                .hasMessageContaining("credentialsSecretName belongs to auth=secret");
        assertThatThrownBy(() -> azureOutputs().withAuth("keys").build()).hasMessageContaining("auth must be federated or secret");
        assertThatThrownBy(() -> azureOutputs().withAzureClientId("my-app").build()).hasMessageContaining("GUIDs");
    }
}
