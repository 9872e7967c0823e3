package dev.sentinelforwarder.infra;

import java.util.Arrays;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;

/**
 * The CDK app: reads its settings from CDK context ({@code cdk deploy -c ingestionEndpoint=... -c dcrImmutableId=...})
 * and builds one stack around a {@link SentinelForwarder}.
 */
public final class ForwarderApp {
    private ForwarderApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        stack(app);
        app.synth();
    }

    /** The stack and its outputs: the values the Azure template and the README's later steps take. */
    static Stack stack(App app) {
        Stack stack = new Stack(app, context(app, "stackName", "SentinelAwsForwarder"));
        SentinelForwarder forwarder = new SentinelForwarder(stack, "Forwarder", props(app));
        CfnOutput.Builder.create(stack, "LogBucket").value(forwarder.bucket().getBucketName()).build();
        if (forwarder.accessLogBucket() != null) {
            CfnOutput.Builder.create(stack, "AccessLogBucket").value(forwarder.accessLogBucket().getBucketName())
                    .description("turn on ELB access logs and S3 server access logs (prefix AWSLogs/<account>/S3AccessLogs/) to this bucket").build();
        }
        CfnOutput.Builder.create(stack, "ForwarderRoleArn").value(forwarder.forwarderRole().getRoleArn())
                .description("the subject of the forwarder's tokens: forwarderRoleArn of infra/azure/dcr.json").build();
        if (forwarder.issuerUrl() != null) {
            CfnOutput.Builder.create(stack, "IssuerUrl").value(forwarder.issuerUrl())
                    .description("the account's token issuer: awsIssuerUrl of infra/azure/dcr.json").build();
        }
        if (forwarder.credentials() != null) {
            CfnOutput.Builder.create(stack, "CredentialsSecretArn").value(forwarder.credentials().getSecretArn()).build();
        }
        if (forwarder.alarmTopic() != null) {
            CfnOutput.Builder.create(stack, "AlarmTopicArn").value(forwarder.alarmTopic().getTopicArn())
                    .description("every alarm notifies this topic; subscribe more addresses or a chat integration to it").build();
        }
        forwarder.ownerStatements().forEach((name, json) -> CfnOutput.Builder.create(stack, name).value(json)
                .description("for the bucket's owner to apply in its account (README: A bucket in another account)").build());
        CfnOutput.Builder.create(stack, "QueueUrl").value(forwarder.queue().getQueueUrl()).build();
        CfnOutput.Builder.create(stack, "ForwarderFunctionName").value(forwarder.forwarder().getFunctionName())
                .description("for the post-deploy check: aws lambda invoke --function-name <this>:live (README, Check)").build();
        return stack;
    }

    static SentinelForwarderProps props(App app) {
        SentinelForwarderProps.Builder props = SentinelForwarderProps.builder()
                .withIngestionEndpoint(context(app, "ingestionEndpoint", null))
                .withDcrImmutableId(context(app, "dcrImmutableId", null))
                .withAuth(context(app, "auth", "federated"))
                .withAzureTenantId(context(app, "azureTenantId", null))
                .withAzureClientId(context(app, "azureClientId", null))
                .withEnableOutboundFederation(!"false".equals(context(app, "enableOutboundFederation", "true")))
                .withForwarderRoleName(context(app, "forwarderRoleName", null))
                .withCredentialsSecretName(context(app, "credentialsSecretName", null))
                .withExistingBucketName(context(app, "existingBucketName", null))
                .withLedger(!"false".equals(context(app, "ledger", "true")))
                .withFilterRules(context(app, "filterRules", null))
                .withDestinations(context(app, "destinations", null))
                .withDestinationRules(context(app, "destinationRules", null))
                .withOtherAccountRows(context(app, "otherAccountRows", "quarantine"))
                .withRowFormat(context(app, "rowFormat", "compact"))
                .withArchitecture(context(app, "architecture", "arm64"))
                .withNotifications(context(app, "notifications", "s3"))
                .withBucketAccount(context(app, "bucketAccount", null))
                .withBucketKeyArn(context(app, "bucketKeyArn", null))
                .withAlarmTopicArn(context(app, "alarmTopicArn", null))
                .withAlarmEmail(context(app, "alarmEmail", null));
        String prefixes = context(app, "logPrefixes", null);
        if (prefixes != null) {
            props.withLogPrefixes(list(prefixes));
        }
        String groups = context(app, "subscribedLogGroups", null);
        if (groups != null) {
            props.withSubscribedLogGroups(list(groups));
        }
        String memory = context(app, "memoryMb", null);
        if (memory != null) {
            props.withMemoryMb(Integer.parseInt(memory));
        }
        String timeout = context(app, "timeoutSeconds", null);
        if (timeout != null) {
            props.withTimeout(software.amazon.awscdk.Duration.seconds(Integer.parseInt(timeout)));
        }
        String batchSize = context(app, "batchSize", null);
        if (batchSize != null) {
            props.withBatchSize(Integer.parseInt(batchSize));
        }
        String concurrency = context(app, "maxConcurrency", null);
        if (concurrency != null) {
            props.withMaxConcurrency(Integer.parseInt(concurrency));
        }
        java.util.Map<String, String> streams = new java.util.HashMap<>();
        for (String pair : list(context(app, "streams", ""))) {
            String[] typeAndStream = pair.split("=", 2);
            streams.put(typeAndStream[0], typeAndStream.length > 1 ? typeAndStream[1] : "");
        }
        props.withStreams(streams);
        List<String> vpcs = list(context(app, "flowLogVpcIds", ""));
        props.withLogSources(new SentinelForwarderProps.LogSources("true".equals(context(app, "trail", "false")),
                "true".equals(context(app, "trailDataEvents", "false")), vpcs,
                "true".equals(context(app, "flowLogHourlyPartitions", "false")), parquet(context(app, "flowLogFormat", "text")),
                context(app, "guardDutyDetectorId", null),
                list(context(app, "resolverQueryLogVpcIds", "")), list(context(app, "networkFirewallArns", "")),
                "true".equals(context(app, "securityHubFindings", "false"))));
        props.withAccessLogSources(new SentinelForwarderProps.AccessLogSources(list(context(app, "wafWebAclArns", "")),
                "true".equals(context(app, "loadBalancerAccessLogs", "false")), list(context(app, "s3AccessLogSourceBuckets", ""))));
        String jar = context(app, "jarPath", null);
        if (jar != null) {
            props.withJarPath(jar);
        }
        return props.build();
    }

    /** {@code -c flowLogFormat}: {@code text} (gzip, the default) or {@code parquet}. */
    private static boolean parquet(String format) {
        if (!format.equals("text") && !format.equals("parquet")) {
            throw new IllegalArgumentException("-c flowLogFormat must be text or parquet, not '" + format + "'");
        }
        return format.equals("parquet");
    }

    private static String context(App app, String name, String defaultValue) {
        Object value = app.getNode().tryGetContext(name);
        return value == null ? defaultValue : value.toString();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
