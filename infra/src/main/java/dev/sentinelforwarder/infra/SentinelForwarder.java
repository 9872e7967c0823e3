package dev.sentinelforwarder.infra;

import dev.sentinelforwarder.metrics.MetricNames;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.logs.SubscriptionFilter;
import software.amazon.awscdk.services.logs.destinations.LambdaDestination;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.SqsDestination;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Everything on the AWS side: log bucket (or an existing one), customer-managed KMS key, notification
 * queue and dead-letter queue, the forwarder Lambda on a SnapStart alias fed by the queue with partial
 * batch responses, the CloudWatch companion with its subscriptions, the object ledger, least-privilege
 * grants and alarms. What it makes is exposed for the enclosing app.
 */
public final class SentinelForwarder extends Construct {
    static final String QUARANTINE_PREFIX = "sentinel-forwarder-quarantine/";
    static final String COMPANION_PREFIX = "cloudwatch/";
    /** Where every service writes in the access-log bucket. */
    static final String ACCESS_LOG_PREFIX = "AWSLogs/";

    private final Key key;
    private final Key queueKey;
    private final IBucket bucket;
    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Queue companionDeadLetterQueue;
    private final Function forwarder;
    private final Alias forwarderAlias;
    private final Function companion;
    private final ForwarderIdentity identity;
    private final ISecret credentials;
    private final Table ledger;
    /** The SSE-S3 bucket of WAF, load balancer and S3 server access logs; null unless one of them is configured. */
    private final Bucket accessLogs;
    /** What every alarm notifies; null when neither a topic nor an address was given. */
    private final ITopic alarmTopic;
    private final Map<String, String> ownerStatements;

    public SentinelForwarder(Construct scope, String id, SentinelForwarderProps props) {
        super(scope, id);
        key = Key.Builder.create(this, "Key").enableKeyRotation(true).removalPolicy(RemovalPolicy.RETAIN)
                .description("sentinel-aws-forwarder: log bucket, credentials and ledger").build();
        // SQS queues encrypted with the AWS-managed aws/sqs key cannot receive S3 notifications, so the queues
        // get a customer-managed key too. A key of their own: its policy names the bucket, whose key it cannot be.
        queueKey = Key.Builder.create(this, "QueueKey").enableKeyRotation(true).removalPolicy(RemovalPolicy.RETAIN)
                .description("sentinel-aws-forwarder: notification queues").build();
        bucket = props.existingBucketName() != null ? Bucket.fromBucketAttributes(this, "Logs", BucketAttributes.builder()
                .bucketName(props.existingBucketName()).account(props.bucketAccount()).build())
                : Bucket.Builder.create(this, "Logs").encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true)
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL).enforceSsl(true).versioned(true)
                        .eventBridgeEnabled(props.notifications().equals("eventbridge"))
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .lifecycleRules(List.of(LifecycleRule.builder().id("expire-old-versions")
                                .noncurrentVersionExpiration(Duration.days(30)).build()))
                        .build();

        if (props.logSources().any()) {
            new LogSourcesToBucket(this, "Sources", props.logSources(), (Bucket) bucket, key);
        }

        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue").encryption(QueueEncryption.KMS).encryptionMasterKey(queueKey)
                .retentionPeriod(Duration.days(14)).enforceSsl(true).build();
        queue = Queue.Builder.create(this, "Queue").encryption(QueueEncryption.KMS).encryptionMasterKey(queueKey).enforceSsl(true)
                // Lambda's guidance: at least six times the function timeout, so retries of a batch never overlap.
                .visibilityTimeout(Duration.seconds(props.timeout().toSeconds().longValue() * 6))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(5).build())
                .build();
        notifyQueue(props);
        accessLogs = props.accessLogSources().any() ? new AccessLogBucket(this, "AccessLogs", props.accessLogSources()).bucket() : null;
        if (accessLogs != null) {
            accessLogs.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue),
                    NotificationKeyFilter.builder().prefix(ACCESS_LOG_PREFIX).build());
        }

        identity = new ForwarderIdentity(this, "Identity", props);
        boolean federated = props.auth().equals("federated");
        credentials = federated ? null : props.credentialsSecretName() != null
                ? Secret.fromSecretNameV2(this, "AzureCredentials", props.credentialsSecretName())
                : Secret.Builder.create(this, "AzureCredentials").encryptionKey(key)
                        .description("Entra app credentials for the Logs Ingestion API: "
                                + "{\"tenantId\":\"...\",\"clientId\":\"...\",\"clientSecret\":\"...\"}").build();
        ledger = props.ledger() ? Table.Builder.create(this, "Ledger")
                .partitionKey(Attribute.builder().name("object").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST).timeToLiveAttribute("expiresAt")
                .encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.DESTROY).build() : null;

        Map<String, String> environment = new HashMap<>();
        environment.put("INGESTION_ENDPOINT", props.ingestionEndpoint());
        environment.put("DCR_IMMUTABLE_ID", props.dcrImmutableId());
        environment.put("AZURE_AUTH", props.auth());
        if (federated) {
            environment.put("AZURE_TENANT_ID", props.azureTenantId());
            environment.put("AZURE_CLIENT_ID", props.azureClientId());
        } else {
            environment.put("AZURE_CREDENTIALS_SECRET_ARN", credentials.getSecretArn());
        }
        List<String> allowed = new java.util.ArrayList<>(props.logPrefixes().stream().map(prefix -> bucket.getBucketName() + "/" + prefix).toList());
        if (accessLogs != null) {
            allowed.add(accessLogs.getBucketName() + "/" + ACCESS_LOG_PREFIX);
        }
        environment.put("ALLOWED_BUCKETS", String.join(",", allowed));
        environment.put("QUARANTINE_PREFIX", QUARANTINE_PREFIX);
        environment.put("ROW_FORMAT", props.rowFormat());
        environment.put("OTHER_ACCOUNT_ROWS", props.otherAccountRows());
        props.streams().forEach((type, stream) -> environment.put("STREAM_" + type.toUpperCase(java.util.Locale.ROOT), stream));
        if (ledger != null) {
            environment.put("LEDGER_TABLE", ledger.getTableName());
        }
        if (props.filterRules() != null) {
            environment.put("FILTER_RULES", props.filterRules());
        }
        if (props.destinations() != null) {
            environment.put("DESTINATIONS", props.destinations());
        }
        if (props.destinationRules() != null) {
            environment.put("DESTINATION_RULES", props.destinationRules());
        }
        // libdeflate is loaded through JNI; allowed here so JDK 25 does not warn at every start.
        environment.put("JAVA_TOOL_OPTIONS", "--enable-native-access=ALL-UNNAMED");
        Architecture architecture = props.architecture().equals("x86_64") ? Architecture.X86_64 : Architecture.ARM_64;
        forwarder = Function.Builder.create(this, "Forwarder")
                .runtime(Runtime.JAVA_25).architecture(architecture)
                .handler("dev.sentinelforwarder.handler.ForwarderHandler::handleRequest")
                .code(Code.fromAsset(props.jarPath())).memorySize(props.memoryMb()).timeout(props.timeout())
                .role(identity.role()).environment(environment).snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(LogGroup.Builder.create(this, "ForwarderLogs").logGroupName(forwarderLogGroupName())
                        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        forwarderAlias = Alias.Builder.create(this, "ForwarderLive").aliasName("live").version(forwarder.getCurrentVersion()).build();
        Annotations.of(forwarder).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every deployment publishes a version through the live alias, which the queue invokes");
        forwarderAlias.addEventSource(SqsEventSource.Builder.create(queue).batchSize(props.batchSize())
                .maxBatchingWindow(Duration.seconds(5)).reportBatchItemFailures(true)
                .maxConcurrency(props.maxConcurrency()).build());
        grantForwarder(props);

        companionDeadLetterQueue = Queue.Builder.create(this, "CompanionDeadLetterQueue").encryption(QueueEncryption.KMS)
                .encryptionMasterKey(queueKey).retentionPeriod(Duration.days(14)).enforceSsl(true).build();
        companion = Function.Builder.create(this, "CloudWatchCompanion")
                .runtime(Runtime.JAVA_25).architecture(architecture)
                .handler("dev.sentinelforwarder.cloudwatch.CloudWatchExportHandler::handleRequest")
                .code(Code.fromAsset(props.jarPath())).memorySize(512).timeout(Duration.minutes(1))
                .environment(Map.of("CSV_BUCKET", bucket.getBucketName(), "CSV_PREFIX", COMPANION_PREFIX))
                .logGroup(LogGroup.Builder.create(this, "CompanionLogs").logGroupName(companionLogGroupName())
                        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        allow(companion, List.of("s3:PutObject"), List.of(bucket.arnForObjects(COMPANION_PREFIX + "*")));
        allowKeyVia(companion, key, List.of("kms:GenerateDataKey"), "s3");
        if (props.bucketKeyArn() != null) {
            allowKeyVia(companion, props.bucketKeyArn(), List.of("kms:GenerateDataKey"), "s3");
        }
        // CloudWatch Logs invokes asynchronously: what still fails after Lambda's two retries is kept, not dropped. The L1
        // resource, because the destination helper grants re-encryption with the queue key too.
        CfnEventInvokeConfig.Builder.create(this, "CompanionOnFailure").functionName(companion.getFunctionName()).qualifier("$LATEST")
                .maximumRetryAttempts(2).destinationConfig(CfnEventInvokeConfig.DestinationConfigProperty.builder()
                        .onFailure(CfnEventInvokeConfig.OnFailureProperty.builder().destination(companionDeadLetterQueue.getQueueArn()).build())
                        .build()).build();
        allow(companion, List.of("sqs:SendMessage"), List.of(companionDeadLetterQueue.getQueueArn()));
        allow(companion, List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(queueKey.getKeyArn()));
        for (String group : props.subscribedLogGroups()) {
            // Each delivery makes the companion (and then the forwarder) log; subscribing those logs would loop for ever.
            if (group.equals(forwarderLogGroupName()) || group.equals(companionLogGroupName())) {
                throw new IllegalArgumentException("SentinelForwarder: " + group + " is one of the forwarder's own log groups;"
                        + " subscribing it would feed the companion its own output without end");
            }
        }
        for (int i = 0; i < props.subscribedLogGroups().size(); i++) {
            SubscriptionFilter.Builder.create(this, "Subscription" + i)
                    .logGroup(LogGroup.fromLogGroupName(this, "Subscribed" + i, props.subscribedLogGroups().get(i)))
                    .destination(new LambdaDestination(companion)).filterPattern(FilterPattern.allEvents()).build();
        }
        alarmTopic = alarmTopic(props);
        ownerStatements = ownerStatements(props);
        alarms();
        dashboard();
        explainNagFindings();
    }

    /**
     * The forwarder's grants, each the smallest that works, written out rather than taken from CDK's grant
     * helpers (which add bucket-wide listing, re-encryption, scans and streams the forwarder never uses).
     * The event source mapping adds its own: receive, delete and change visibility on the queue.
     */
    private void grantForwarder(SentinelForwarderProps props) {
        List<String> logs = props.logPrefixes().stream().map(prefix -> bucket.arnForObjects(prefix + "*")).toList();
        allow(forwarder, List.of("s3:GetObject", "s3:GetObjectVersion"), logs);
        // The quarantine: written when records cannot be sent, read back when they are replayed (./forwarder replay).
        allow(forwarder, List.of("s3:PutObject", "s3:GetObject"), List.of(bucket.arnForObjects(QUARANTINE_PREFIX + "*")));
        allowKeyVia(forwarder, key, List.of("kms:Decrypt", "kms:GenerateDataKey"), "s3");
        if (props.bucketKeyArn() != null) {
            allowKeyVia(forwarder, props.bucketKeyArn(), List.of("kms:Decrypt", "kms:GenerateDataKey"), "s3");
        }
        if (accessLogs != null) {
            allow(forwarder, List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(accessLogs.arnForObjects(ACCESS_LOG_PREFIX + "*")));
            allow(forwarder, List.of("s3:PutObject", "s3:GetObject"), List.of(accessLogs.arnForObjects(QUARANTINE_PREFIX + "*")));
        }
        if (credentials != null) {
            allow(forwarder, List.of("secretsmanager:GetSecretValue"), List.of(credentials.getSecretArn()));
            allowKeyVia(forwarder, key, List.of("kms:Decrypt"), "secretsmanager");
        }
        // Resume messages (hand-ons) go to the forwarder's own queue, which is encrypted with the queue key.
        allow(forwarder, List.of("sqs:SendMessage", "sqs:GetQueueUrl"), List.of(queue.getQueueArn()));
        allow(forwarder, List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(queueKey.getKeyArn()));
        if (ledger != null) {
            allow(forwarder, List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), List.of(ledger.getTableArn()));
            allowKeyVia(forwarder, key, List.of("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"), "dynamodb");
        }
    }

    private static void allow(Function function, List<String> actions, List<String> resources) {
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(actions).resources(resources).build());
    }

    /** Use of the key only through {@code service} in this region (the forwarder never calls KMS itself). */
    private void allowKeyVia(Function function, Key key, List<String> actions, String service) {
        allowKeyVia(function, key.getKeyArn(), actions, service);
    }

    private void allowKeyVia(Function function, String keyArn, List<String> actions, String service) {
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(actions).resources(List.of(keyArn))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", viaService(service)))).build());
    }

    private String viaService(String service) {
        return service + "." + Stack.of(this).getRegion() + "." + Stack.of(this).getUrlSuffix();
    }

    /**
     * With a bucket of another account ({@code bucketAccount}), what its owner applies there, as JSON by output name:
     * the bucket policy statements (the forwarder reads the log prefixes and keeps its quarantine; the companion
     * writes its CSV), the key policy statement when the bucket has a key, and, with {@code s3} notifications, the
     * bucket's notification configuration for the queue. Empty for a bucket of this account.
     */
    public Map<String, String> ownerStatements() {
        return ownerStatements;
    }

    private Map<String, String> ownerStatements(SentinelForwarderProps props) {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        if (props.bucketAccount() == null) {
            return outputs;
        }
        Stack stack = Stack.of(this);
        Map<String, Object> forwarderRole = Map.of("AWS", forwarder.getRole().getRoleArn());
        List<Object> bucketStatements = new java.util.ArrayList<>();
        bucketStatements.add(Map.of("Sid", "SentinelForwarderReadsLogs", "Effect", "Allow", "Principal", forwarderRole,
                "Action", List.of("s3:GetObject", "s3:GetObjectVersion"),
                "Resource", props.logPrefixes().stream().map(prefix -> bucket.arnForObjects(prefix + "*")).toList()));
        bucketStatements.add(Map.of("Sid", "SentinelForwarderQuarantine", "Effect", "Allow", "Principal", forwarderRole,
                "Action", List.of("s3:PutObject", "s3:GetObject"), "Resource", bucket.arnForObjects(QUARANTINE_PREFIX + "*")));
        if (!props.subscribedLogGroups().isEmpty()) {
            bucketStatements.add(Map.of("Sid", "SentinelForwarderCompanionWrites", "Effect", "Allow",
                    "Principal", Map.of("AWS", companion.getRole().getRoleArn()), "Action", "s3:PutObject",
                    "Resource", bucket.arnForObjects(COMPANION_PREFIX + "*")));
        }
        outputs.put("BucketPolicyStatements", stack.toJsonString(bucketStatements));
        if (props.bucketKeyArn() != null) {
            List<Object> principals = props.subscribedLogGroups().isEmpty() ? List.of(forwarder.getRole().getRoleArn())
                    : List.of(forwarder.getRole().getRoleArn(), companion.getRole().getRoleArn());
            outputs.put("KeyPolicyStatement", stack.toJsonString(Map.of("Sid", "SentinelForwarderUsesTheKeyThroughS3", "Effect", "Allow",
                    "Principal", Map.of("AWS", principals), "Action", List.of("kms:Decrypt", "kms:GenerateDataKey"), "Resource", "*",
                    "Condition", Map.of("StringEquals", Map.of("kms:ViaService", viaService("s3"))))));
        }
        if (props.notificationTopicArn() != null) {
            outputs.put("TopicPolicyStatement", stack.toJsonString(Map.of("Sid", "SentinelForwarderQueueSubscribes", "Effect", "Allow",
                    "Principal", Map.of("AWS", stack.formatArn(ArnComponents.builder().service("iam").region("").resource("root")
                            .arnFormat(ArnFormat.NO_RESOURCE_NAME).build())),
                    "Action", "sns:Subscribe", "Resource", props.notificationTopicArn(),
                    "Condition", Map.of("StringEquals", Map.of("sns:Protocol", "sqs", "sns:Endpoint", queue.getQueueArn())))));
        }
        if (props.notifications().equals("s3")) {
            outputs.put("BucketNotificationConfiguration", stack.toJsonString(Map.of("QueueConfigurations", props.logPrefixes().stream()
                    .map(prefix -> Map.of("QueueArn", queue.getQueueArn(), "Events", List.of("s3:ObjectCreated:*"),
                            "Filter", Map.of("Key", Map.of("FilterRules", List.of(Map.of("Name", "prefix", "Value", prefix))))))
                    .toList())));
        }
        return outputs;
    }

    /** Named, not generated, so a subscription to them can be refused (see the constructor). */
    private String forwarderLogGroupName() {
        return "/sentinel-aws-forwarder/" + Stack.of(this).getStackName() + "/forwarder";
    }

    private String companionLogGroupName() {
        return "/sentinel-aws-forwarder/" + Stack.of(this).getStackName() + "/companion";
    }

    /** The forwarder's own metrics (Embedded Metric Format) beside the queue's and the functions'. */
    private void dashboard() {
        java.util.function.Function<String, List<IMetric>> perTable = name -> MetricNames.TABLES.stream()
                .map(table -> (IMetric) Metric.Builder.create().namespace(MetricNames.NAMESPACE).metricName(name)
                        .dimensionsMap(Map.of(MetricNames.TABLE, table)).statistic("Sum").period(Duration.minutes(5)).label(table).build())
                .toList();
        Dashboard.Builder.create(this, "Dashboard").widgets(List.of(
                List.of(graph("Rows accepted", perTable.apply(MetricNames.ROWS)), graph("Bytes sent (gzip)", perTable.apply(MetricNames.SENT_BYTES)),
                        graph("Records quarantined", perTable.apply(MetricNames.QUARANTINED))),
                List.of(graph("Objects failed", perTable.apply(MetricNames.OBJECTS_FAILED)), graph("Throttled requests (429)", perTable.apply(MetricNames.THROTTLES)),
                        graph("Retries", perTable.apply(MetricNames.RETRIES))),
                List.of(graph("Queue", List.of(queue.metricApproximateNumberOfMessagesVisible(),
                                queue.metricApproximateAgeOfOldestMessage(), deadLetterQueue.metricApproximateNumberOfMessagesVisible())),
                        graph("Forwarder", List.of(forwarder.metricInvocations(), forwarder.metricErrors(), forwarder.metricThrottles(),
                                forwarder.metricDuration()))))).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }

    /** The cdk-nag AwsSolutions findings this design accepts, each with the reason, as narrowly as cdk-nag allows. */
    private void explainNagFindings() {
        Stack stack = Stack.of(this);
        NagSuppressions.addStackSuppressions(stack, List.of(NagPackSuppression.builder().id("AwsSolutions-IAM4")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                .reason("Lambda functions (ours and the CDK-owned S3 notifications handler) write their own logs; the managed"
                        + " policy allows only CreateLogGroup, CreateLogStream and PutLogEvents").build()));
        NagSuppressions.addResourceSuppressions(List.of(forwarder, identity.role(), companion), List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5")
                        .reason("objects are read under the configured log prefixes and written under the quarantine and"
                                + " companion prefixes; their keys are not known in advance, so the grants end in '*'."
                                + " The s3/kms action wildcards come from CDK's grant helpers, on this bucket and these keys only").build()),
                true);
        NagSuppressions.addResourceSuppressions(companionDeadLetterQueue, List.of(NagPackSuppression.builder().id("AwsSolutions-SQS3")
                .reason("this queue is the companion's on-failure destination: it is itself the dead-letter queue").build()));
        if (credentials instanceof Secret) {
            NagSuppressions.addResourceSuppressions(credentials, List.of(NagPackSuppression.builder().id("AwsSolutions-SMG4")
                    .reason("the secret holds an Entra app credential, rotated in Entra; update the secret value after rotating").build()));
        }
        if (bucket instanceof Bucket created) {
            NagSuppressions.addResourceSuppressions(created, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                    .reason("this bucket holds access and audit logs itself; its server access logs would need another bucket"
                            + " whose logs need another: enable CloudTrail S3 data events instead if needed").build()));
        }
    }

    private void alarms() {
        alarm("DeadLetterQueueNotEmpty", deadLetterQueue.metricApproximateNumberOfMessagesVisible(), 0,
                "notifications the forwarder gave up on: inspect and redrive them");
        alarm("OldestMessageAge", queue.metricApproximateAgeOfOldestMessage(), 900,
                "notifications wait over 15 minutes: the forwarder is failing or too slow");
        alarm("CompanionDeadLetterQueueNotEmpty", companionDeadLetterQueue.metricApproximateNumberOfMessagesVisible(), 0,
                "CloudWatch Logs deliveries the companion could not write after its retries: the events are in the messages");
        alarm("ForwarderErrors", forwarder.metricErrors(), 0, "forwarder invocations failed");
        alarm("ForwarderThrottles", forwarder.metricThrottles(), 0, "forwarder invocations were throttled");
        alarm("RecordsQuarantined", Metric.Builder.create().namespace(MetricNames.NAMESPACE).metricName(MetricNames.QUARANTINED)
                .dimensionsMap(Map.of(MetricNames.TABLE, MetricNames.ALL)).statistic("Sum").period(Duration.minutes(5)).build(), 0,
                "records went to the quarantine prefix: see the objects under " + QUARANTINE_PREFIX);
    }

    private void alarm(String id, IMetric metric, double threshold, String description) {
        Alarm alarm = Alarm.Builder.create(this, id).metric(metric).threshold(threshold).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description).build();
        if (alarmTopic != null) {
            // Both ways, so whoever was told of a problem is also told when it is over.
            alarm.addAlarmAction(new SnsAction(alarmTopic));
            alarm.addOkAction(new SnsAction(alarmTopic));
        }
    }

    /**
     * The given topic, or for an address a topic of the stack's own: encrypted with a key only CloudWatch alarms of this
     * account may use to publish (the AWS-managed SNS key does not let CloudWatch publish), TLS enforced.
     */
    private ITopic alarmTopic(SentinelForwarderProps props) {
        if (props.alarmTopicArn() != null) {
            return Topic.fromTopicArn(this, "AlarmTopic", props.alarmTopicArn());
        }
        if (props.alarmEmail() == null) {
            return null;
        }
        Key alarmKey = Key.Builder.create(this, "AlarmKey").enableKeyRotation(true).removalPolicy(RemovalPolicy.DESTROY)
                .description("sentinel-aws-forwarder: alarm notifications").build();
        alarmKey.addToResourcePolicy(PolicyStatement.Builder.create().sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", Stack.of(this).formatArn(ArnComponents.builder().service("cloudwatch")
                                .resource("alarm").resourceName("*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))).build());
        Topic topic = Topic.Builder.create(this, "AlarmTopic").masterKey(alarmKey).enforceSsl(true)
                .displayName("sentinel-aws-forwarder alarms").build();
        topic.addSubscription(new EmailSubscription(props.alarmEmail()));
        return topic;
    }

    /** What every alarm notifies, or null. */
    public ITopic alarmTopic() {
        return alarmTopic;
    }

    public Key key() {
        return key;
    }

    public IBucket bucket() {
        return bucket;
    }

    /** The SSE-S3 bucket for WAF, load balancer and S3 server access logs, or null when none is configured. */
    public Bucket accessLogBucket() {
        return accessLogs;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    public Function forwarder() {
        return forwarder;
    }

    public Alias forwarderAlias() {
        return forwarderAlias;
    }

    public Function companion() {
        return companion;
    }

    /** Where CloudWatch Logs deliveries go that the companion could not write after its retries. */
    public Queue companionDeadLetterQueue() {
        return companionDeadLetterQueue;
    }

    /** The Entra app's credentials secret, or null in the federated mode (no secret). */
    public ISecret credentials() {
        return credentials;
    }

    /** The forwarder's role: the subject of its tokens in the federated mode. */
    public software.amazon.awscdk.services.iam.Role forwarderRole() {
        return identity.role();
    }

    /** The account's token issuer URL (federated), or null. */
    public String issuerUrl() {
        return identity.issuerUrl();
    }

    /** Null when the ledger is off. */
    public Table ledger() {
        return ledger;
    }

    /**
     * New objects under the log prefixes to the queue, as {@code props.notifications()} says: the bucket's own
     * notifications (S3 allows one destination per event type and prefix, so a bucket already feeding another tool
     * cannot take them), an EventBridge rule on Object Created (the bucket sends every event to EventBridge once
     * turned on, and any number of rules can match them), or the queue subscribed to a topic the bucket already
     * notifies. The queue policy each adds admits only that rule or topic (aws:SourceArn), and its key only them.
     */
    private void notifyQueue(SentinelForwarderProps props) {
        String topicArn = props.notificationTopicArn();
        if (props.notifications().equals("eventbridge")) {
            // Named, so the key policy can name its ARN: the rule's own ARN attribute there would be a circular
            // reference (rule -> queue -> key -> rule), which is why CDK's SqsQueue target leaves the key unconditioned.
            String ruleName = Stack.of(this).getStackName() + "-object-created";
            Rule rule = Rule.Builder.create(this, "ObjectCreated").ruleName(ruleName)
                    .description("sentinel-aws-forwarder: new log objects under " + String.join(", ", props.logPrefixes()) + " to the queue")
                    .eventPattern(EventPattern.builder().source(List.of("aws.s3")).detailType(List.of("Object Created"))
                            .detail(Map.of("bucket", Map.of("name", List.of(bucket.getBucketName())),
                                    "object", Map.of("key", props.logPrefixes().stream().map(p -> Map.of("prefix", p)).toList())))
                            .build())
                    .build();
            rule.addTarget(new IRuleTarget() {
                @Override
                public RuleTargetConfig bind(IRuleRef bound) {
                    return RuleTargetConfig.builder().arn(queue.getQueueArn()).build(); // permissions below, conditioned
                }

                @Override
                public RuleTargetConfig bind(IRuleRef bound, String targetId) {
                    return bind(bound);
                }
            });
            admitToQueue("events.amazonaws.com", Stack.of(this).formatArn(ArnComponents.builder().service("events")
                    .resource("rule").resourceName(ruleName).build()));
        } else if (topicArn != null) {
            Subscription.Builder.create(this, "ObjectCreatedSubscription").topic(Topic.fromTopicArn(this, "ObjectCreatedTopic", topicArn))
                    .protocol(SubscriptionProtocol.SQS).endpoint(queue.getQueueArn()).region(Arn.split(topicArn, ArnFormat.COLON_RESOURCE_NAME).getRegion())
                    .build();
            admitToQueue("sns.amazonaws.com", topicArn);
        } else if (props.bucketAccount() != null) {
            // Another account's bucket: only its owner may set its notifications (ownerStatements says how).
            admitToQueue("s3.amazonaws.com", bucket.getBucketArn(), props.bucketAccount());
        } else {
            for (String prefix : props.logPrefixes()) {
                bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue),
                        NotificationKeyFilter.builder().prefix(prefix).build());
            }
        }
    }

    /** Lets {@code service}, acting for {@code sourceArn} only, send to the queue and use its key for that. */
    private void admitToQueue(String service, String sourceArn) {
        admitToQueue(service, sourceArn, null);
    }

    /** As {@link #admitToQueue(String, String)}, the source in {@code sourceAccount} (a bucket's ARN names no account). */
    private void admitToQueue(String service, String sourceArn, String sourceAccount) {
        ServicePrincipal principal = new ServicePrincipal(service);
        Map<String, Object> fromSource = sourceAccount == null ? Map.of("ArnEquals", Map.of("aws:SourceArn", sourceArn))
                : Map.of("ArnEquals", Map.of("aws:SourceArn", sourceArn), "StringEquals", Map.of("aws:SourceAccount", sourceAccount));
        queue.addToResourcePolicy(PolicyStatement.Builder.create().sid("ObjectCreatedNotifications").principals(List.of(principal))
                .actions(List.of("sqs:SendMessage")).resources(List.of(queue.getQueueArn())).conditions(fromSource).build());
        queueKey.addToResourcePolicy(PolicyStatement.Builder.create().sid("ObjectCreatedNotifications").principals(List.of(principal))
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resources(List.of("*")).conditions(fromSource).build());
    }
}
