package dev.sentinelforwarder.infra;

import dev.sentinelforwarder.options.StackOption;
import dev.sentinelforwarder.options.StackOptions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
        try {
            stack(app);
        } catch (IllegalArgumentException badOptions) {
            // one line naming each option and what it takes, not Maven's wrapped stack trace
            System.err.println("sentinel-aws-forwarder: " + badOptions.getMessage() + " (README: Stack options)");
            System.exit(2);
        }
        app.synth();
    }

    /** The stack and its outputs: the values the Azure template and the README's later steps take. */
    static Stack stack(App app) {
        Map<String, String> given = given(app);
        Stack stack = new Stack(app, given.getOrDefault("stackName", "SentinelAwsForwarder"));
        // The options given, in the template CloudFormation keeps for the stack: the next deploy reads them back from
        // the stack itself, so an upgrade keeps them whoever runs it and from whichever clone.
        Map<String, String> remembered = new TreeMap<>(given);
        remembered.keySet().removeIf(name -> StackOptions.named(name).map(o -> o.setBy() != StackOption.SetBy.USER).orElse(true));
        stack.getTemplateOptions().setMetadata(Map.of(StackOptions.SETTINGS_METADATA, remembered));
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
        Map<String, String> given = given(app);
        List<String> problems = StackOptions.problems(given);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("-c: " + String.join("; ", problems));
        }
        SentinelForwarderProps.Builder props = SentinelForwarderProps.builder()
                .withIngestionEndpoint(given.get("ingestionEndpoint"))
                .withDcrImmutableId(given.get("dcrImmutableId"))
                .withAuth(given.getOrDefault("auth", "federated"))
                .withAzureTenantId(given.get("azureTenantId"))
                .withAzureClientId(given.get("azureClientId"))
                .withEnableOutboundFederation(!"false".equals(given.get("enableOutboundFederation")))
                .withForwarderRoleName(given.get("forwarderRoleName"))
                .withCredentialsSecretName(given.get("credentialsSecretName"))
                .withExistingBucketName(given.get("existingBucketName"))
                .withLedger(!"false".equals(given.get("ledger")))
                .withFilterRules(given.get("filterRules"))
                .withDestinations(given.get("destinations"))
                .withDestinationRules(given.get("destinationRules"))
                .withOtherAccountRows(given.getOrDefault("otherAccountRows", "quarantine"))
                .withRowFormat(given.getOrDefault("rowFormat", "compact"))
                .withArchitecture(given.getOrDefault("architecture", "arm64"))
                .withNotifications(given.getOrDefault("notifications", "s3"))
                .withBucketAccount(given.get("bucketAccount"))
                .withBucketKeyArn(given.get("bucketKeyArn"))
                .withAlarmTopicArn(given.get("alarmTopicArn"))
                .withAlarmEmail(given.get("alarmEmail"));
        if (given.containsKey("logPrefixes")) {
            props.withLogPrefixes(StackOption.elements(given.get("logPrefixes")));
        }
        if (given.containsKey("subscribedLogGroups")) {
            props.withSubscribedLogGroups(StackOption.elements(given.get("subscribedLogGroups")));
        }
        // numbers are checked above, so parsing cannot fail
        Optional.ofNullable(given.get("memoryMb")).map(Integer::parseInt).ifPresent(props::withMemoryMb);
        Optional.ofNullable(given.get("timeoutSeconds")).map(Integer::parseInt)
                .ifPresent(seconds -> props.withTimeout(software.amazon.awscdk.Duration.seconds(seconds)));
        Optional.ofNullable(given.get("batchSize")).map(Integer::parseInt).ifPresent(props::withBatchSize);
        Optional.ofNullable(given.get("maxConcurrency")).map(Integer::parseInt).ifPresent(props::withMaxConcurrency);
        Map<String, String> streams = new HashMap<>();
        for (String pair : list(given, "streams")) {
            String[] typeAndStream = pair.split("=", 2);
            streams.put(typeAndStream[0], typeAndStream[1]);
        }
        props.withStreams(streams);
        props.withLogSources(new SentinelForwarderProps.LogSources(yes(given, "trail"), yes(given, "trailDataEvents"),
                list(given, "flowLogVpcIds"), yes(given, "flowLogHourlyPartitions"), "parquet".equals(given.get("flowLogFormat")),
                given.get("guardDutyDetectorId"), list(given, "resolverQueryLogVpcIds"), list(given, "networkFirewallArns"),
                yes(given, "securityHubFindings")));
        props.withAccessLogSources(new SentinelForwarderProps.AccessLogSources(list(given, "wafWebAclArns"),
                yes(given, "loadBalancerAccessLogs"), list(given, "s3AccessLogSourceBuckets")));
        if (given.containsKey("jarPath")) {
            props.withJarPath(given.get("jarPath"));
        }
        return props.build();
    }

    /**
     * The options in the app's context (from {@code -c}, cdk.json and cdk.context.json), as text. A key no option has is
     * refused, but for the toolkit's own (feature flags, lookups, acknowledged notices).
     */
    static Map<String, String> given(App app) {
        Map<String, String> given = new LinkedHashMap<>();
        Object all = app.getNode().getAllContext();
        if (all instanceof Map<?, ?> context) {
            context.forEach((name, value) -> {
                String key = String.valueOf(name);
                if (value != null && !toolkits(key)) {
                    given.put(key, value.toString());
                }
            });
        }
        return given;
    }

    private static boolean toolkits(String key) {
        return key.startsWith("@") || key.contains(":") || key.equals("acknowledged-issue-numbers");
    }

    private static boolean yes(Map<String, String> given, String name) {
        return "true".equals(given.get(name));
    }

    private static List<String> list(Map<String, String> given, String name) {
        return StackOption.elements(given.getOrDefault(name, ""));
    }
}
