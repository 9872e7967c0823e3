package dev.sentinelforwarder.infra;

import java.util.List;
import software.amazon.awscdk.Duration;

/**
 * What a {@link SentinelForwarder} is built from. Every property has a stated default except the values
 * from the Azure side.
 *
 * @param ingestionEndpoint the DCR's (or its DCE's) Logs Ingestion endpoint: the Azure template's output
 * @param dcrImmutableId the DCR's immutable id: the Azure template's output
 * @param auth {@code federated} (default): the function's own AWS identity is exchanged for the managed identity
 *     {@code azureClientId}, no secret anywhere; {@code secret}: an Entra app's credentials in Secrets Manager
 * @param azureTenantId the managed identity's tenant: the Azure template's output (federated)
 * @param azureClientId the managed identity's client id: the Azure template's output (federated)
 * @param enableOutboundFederation enable IAM outbound identity federation for the account (federated); default
 *     true; false where only an administrator may, who then runs {@code aws iam enable-outbound-web-identity-federation}
 * @param forwarderRoleName the forwarder role's name, the subject of its tokens; default {@code <stack name>-forwarder},
 *     so its ARN is known before the stack is deployed
 * @param credentialsSecretName an existing secret with the Entra app's credentials (secret); null (default) creates an empty one to fill
 * @param existingBucketName read logs from this existing bucket; null (default) creates a bucket
 * @param logPrefixes key prefixes that notify the forwarder; default {@code AWSLogs/} and the companion's {@code cloudwatch/}
 * @param jarPath the shaded function jar; default {@code ../function/target/forwarder.jar}
 * @param memoryMb forwarder memory; default 1769 (one full vCPU)
 * @param timeout forwarder timeout; default 5 minutes
 * @param batchSize SQS messages per invocation; default 10
 * @param maxConcurrency most concurrent forwarder invocations; default 20
 * @param subscribedLogGroups CloudWatch Logs groups the companion exports; default none
 * @param ledger keep the DynamoDB ledger of forwarded objects; default true
 * @param rowFormat the forwarder's ROW_FORMAT: compact (default, the Azure template's streams) or full (a rule of your own
 *     whose streams mirror the tables)
 * @param streams DCR input stream per log type ({@link #LOG_TYPES}) where it is not the row format's; default none
 * @param logSources which AWS services to send logs to the bucket (needs a bucket created here); default none
 * @param filterRules the forwarder's FILTER_RULES (a JSON list; the function checks each rule when it starts); default none
 * @param accessLogSources WAF, load balancer and S3 server access logs, into a second bucket of their own; default none
 * @param alarmTopicArn an existing SNS topic every alarm notifies (its policy must let cloudwatch.amazonaws.com publish);
 *     default none
 * @param alarmEmail an address every alarm mails, through a KMS-encrypted topic the stack creates (the address confirms the
 *     subscription first); default none. Not with {@code alarmTopicArn}
 * @param architecture the functions' processor: arm64 (default; Graviton, about 20% less per GB-second) or x86_64
 * @param notifications how new objects reach the queue: {@code s3} (default, the bucket's own notifications, one
 *     destination per prefix), {@code eventbridge} (an EventBridge rule on Object Created for the log prefixes, so the
 *     bucket's notifications stay free for other tools) or {@code sns:<topic arn>} (the queue subscribes to an existing
 *     topic the bucket already notifies; needs {@code existingBucketName})
 * @param bucketAccount the account that owns {@code existingBucketName} when it is not this one (a log-archive
 *     account): the stack then changes nothing on the bucket and outputs the statements its owner applies; default none
 * @param bucketKeyArn the KMS key the existing bucket's objects are encrypted with; the forwarder (and the companion)
 *     get its use through S3, and with {@code bucketAccount} the owner's key policy statement is output; default none
 * @param destinations the forwarder's DESTINATIONS, further workspaces (a JSON list, checked when the function starts); default none
 * @param destinationRules the forwarder's DESTINATION_RULES, which objects go to which destination; default none
 * @param otherAccountRows the forwarder's OTHER_ACCOUNT_ROWS: quarantine (default) or send a row whose account routes to
 *     another destination than its object's
 */
public record SentinelForwarderProps(String ingestionEndpoint, String dcrImmutableId, String auth, String azureTenantId,
        String azureClientId, boolean enableOutboundFederation, String forwarderRoleName, String credentialsSecretName,
        String existingBucketName, List<String> logPrefixes, String jarPath, int memoryMb, Duration timeout, int batchSize,
        int maxConcurrency, List<String> subscribedLogGroups, boolean ledger, String rowFormat, java.util.Map<String, String> streams,
        LogSources logSources, String filterRules, AccessLogSources accessLogSources, String alarmTopicArn, String alarmEmail,
        String architecture, String notifications, String bucketAccount, String bucketKeyArn, String destinations,
        String destinationRules, String otherAccountRows) {

    /** An SNS topic's ARN. */
    static final String TOPIC_ARN = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]+";

    /**
     * The sources that cannot write to the KMS-encrypted log bucket: ELB access logs and S3 server access logs
     * support only SSE-S3 destinations, and WAF only buckets named {@code aws-waf-logs-*}. They get a bucket of
     * their own, SSE-S3 and named {@code aws-waf-logs-sentinel-<account>-<region>}, which notifies the same queue.
     *
     * @param wafWebAclArns web ACLs whose traffic logs the stack sends to that bucket
     * @param loadBalancers let Elastic Load Balancing write access logs there (turn them on per load balancer: README)
     * @param s3AccessLogSourceBuckets buckets that may write their server access logs there (turn logging on per bucket: README)
     */
    public record AccessLogSources(List<String> wafWebAclArns, boolean loadBalancers, List<String> s3AccessLogSourceBuckets) {
        public static final AccessLogSources NONE = new AccessLogSources(List.of(), false, List.of());

        public boolean any() {
            return !wafWebAclArns.isEmpty() || loadBalancers || !s3AccessLogSourceBuckets.isEmpty();
        }
    }

    /**
     * Log sources set up to deliver into the bucket, each off unless given.
     *
     * @param trail a multi-region CloudTrail trail of management events with log file validation
     * @param trailDataEvents also S3 and Lambda data events (billed per event)
     * @param flowLogVpcIds VPCs whose flow logs (every field up to v5) go to the bucket
     * @param flowLogHourlyPartitions hourly instead of daily key partitions for flow logs
     * @param flowLogParquet flow logs delivered as Parquet (for Athena as well) instead of gzip text
     * @param guardDutyDetectorId an existing detector whose findings are exported to the bucket
     * @param resolverQueryLogVpcIds VPCs whose Route 53 Resolver queries are logged to the bucket
     * @param networkFirewallArns existing firewalls whose flow, alert and TLS logs go to the bucket
     * @param securityHubFindings Security Hub findings through an EventBridge rule and a Firehose stream into the bucket
     */
    public record LogSources(boolean trail, boolean trailDataEvents, List<String> flowLogVpcIds, boolean flowLogHourlyPartitions,
            boolean flowLogParquet, String guardDutyDetectorId, List<String> resolverQueryLogVpcIds, List<String> networkFirewallArns,
            boolean securityHubFindings) {
        public static final LogSources NONE = new LogSources(false, false, List.of(), false, false, null, List.of(), List.of(), false);

        /** The first five sources alone. */
        public LogSources(boolean trail, boolean trailDataEvents, List<String> flowLogVpcIds, boolean flowLogHourlyPartitions,
                String guardDutyDetectorId) {
            this(trail, trailDataEvents, flowLogVpcIds, flowLogHourlyPartitions, false, guardDutyDetectorId, List.of(), List.of(), false);
        }

        public boolean any() {
            return trail || !flowLogVpcIds.isEmpty() || guardDutyDetectorId != null || !resolverQueryLogVpcIds.isEmpty()
                    || !networkFirewallArns.isEmpty() || securityHubFindings;
        }

        /** Sources whose delivery is CloudWatch Logs' vended-log delivery (delivery.logs.amazonaws.com). */
        boolean vendedLogs() {
            return !flowLogVpcIds.isEmpty() || !resolverQueryLogVpcIds.isEmpty() || !networkFirewallArns.isEmpty();
        }
    }

    /** The forwarder's log type ids (its LogType), each with a STREAM_ setting; the CDK app does not depend on the function. */
    static final List<String> LOG_TYPES = List.of("cloudtrail", "guardduty", "vpcflow", "cloudwatch", "waf", "network_firewall_flow",
            "network_firewall_alert", "network_firewall_tls", "route53_resolver", "s3_server_access", "alb", "nlb", "security_hub");

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults as field initialisers; {@link #build()} refuses what is missing. */
    private static boolean isGuid(String value) {
        return value != null && value.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    public static final class Builder {
        private String ingestionEndpoint;
        private String dcrImmutableId;
        private String auth = "federated";
        private String azureTenantId;
        private String azureClientId;
        private boolean enableOutboundFederation = true;
        private String filterRules;
        private String destinations;
        private String destinationRules;
        private String rowFormat = "compact";
        private String otherAccountRows = "quarantine";
        private String architecture = "arm64";
        private String notifications = "s3";
        private String bucketAccount;
        private String bucketKeyArn;
        private String forwarderRoleName;
        private String credentialsSecretName;
        private String existingBucketName;
        private List<String> logPrefixes = List.of("AWSLogs/", "cloudwatch/");
        private String jarPath = "../function/target/forwarder.jar";
        private int memoryMb = 1769;
        private Duration timeout = Duration.minutes(5);
        private int batchSize = 10;
        private int maxConcurrency = 20;
        private List<String> subscribedLogGroups = List.of();
        private boolean ledger = true;
        private LogSources logSources = LogSources.NONE;
        private AccessLogSources accessLogSources = AccessLogSources.NONE;
        private java.util.Map<String, String> streams = java.util.Map.of();
        private String alarmTopicArn;
        private String alarmEmail;

        public Builder withAlarmTopicArn(String value) {
            alarmTopicArn = value;
            return this;
        }

        public Builder withAlarmEmail(String value) {
            alarmEmail = value;
            return this;
        }

        public Builder withIngestionEndpoint(String value) {
            ingestionEndpoint = value;
            return this;
        }

        public Builder withDcrImmutableId(String value) {
            dcrImmutableId = value;
            return this;
        }

        public Builder withAuth(String value) {
            auth = value;
            return this;
        }

        public Builder withAzureTenantId(String value) {
            azureTenantId = value;
            return this;
        }

        public Builder withAzureClientId(String value) {
            azureClientId = value;
            return this;
        }

        public Builder withEnableOutboundFederation(boolean value) {
            enableOutboundFederation = value;
            return this;
        }

        public Builder withForwarderRoleName(String value) {
            forwarderRoleName = value;
            return this;
        }

        public Builder withCredentialsSecretName(String value) {
            credentialsSecretName = value;
            return this;
        }

        public Builder withExistingBucketName(String value) {
            existingBucketName = value;
            return this;
        }

        public Builder withLogPrefixes(List<String> value) {
            logPrefixes = List.copyOf(value);
            return this;
        }

        public Builder withJarPath(String value) {
            jarPath = value;
            return this;
        }

        public Builder withMemoryMb(int value) {
            memoryMb = value;
            return this;
        }

        public Builder withTimeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder withBatchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder withMaxConcurrency(int value) {
            maxConcurrency = value;
            return this;
        }

        public Builder withSubscribedLogGroups(List<String> value) {
            subscribedLogGroups = List.copyOf(value);
            return this;
        }

        public Builder withLedger(boolean value) {
            ledger = value;
            return this;
        }

        public Builder withStreams(java.util.Map<String, String> value) {
            streams = java.util.Map.copyOf(value);
            return this;
        }

        public Builder withLogSources(LogSources value) {
            logSources = value;
            return this;
        }

        public Builder withAccessLogSources(AccessLogSources value) {
            accessLogSources = value;
            return this;
        }

        public Builder withOtherAccountRows(String value) {
            otherAccountRows = value;
            return this;
        }

        public Builder withRowFormat(String value) {
            rowFormat = value;
            return this;
        }

        public Builder withArchitecture(String value) {
            architecture = value;
            return this;
        }

        public Builder withBucketAccount(String value) {
            bucketAccount = value;
            return this;
        }

        public Builder withBucketKeyArn(String value) {
            bucketKeyArn = value;
            return this;
        }

        public Builder withNotifications(String value) {
            notifications = value;
            return this;
        }

        public Builder withDestinations(String value) {
            destinations = value;
            return this;
        }

        public Builder withDestinationRules(String value) {
            destinationRules = value;
            return this;
        }

        public Builder withFilterRules(String value) {
            filterRules = value;
            return this;
        }

        public SentinelForwarderProps build() {
            List<String> problems = new java.util.ArrayList<>();
            if (ingestionEndpoint == null || !ingestionEndpoint.startsWith("https://")) {
                problems.add("ingestionEndpoint (the Azure template's output, https://...) is required");
            }
            if (dcrImmutableId == null || !dcrImmutableId.startsWith("dcr-")) {
                problems.add("dcrImmutableId (the Azure template's output, dcr-...) is required");
            }
            if (auth.equals("federated")) {
                if (!isGuid(azureTenantId) || !isGuid(azureClientId)) {
                    problems.add("azureTenantId and azureClientId (the Azure template's tenantId and clientId outputs, GUIDs) are"
                            + " required with auth=federated");
                }
                if (credentialsSecretName != null) {
                    problems.add("credentialsSecretName belongs to auth=secret; the default, federated, uses no secret");
                }
            } else if (!auth.equals("secret")) {
                problems.add("auth must be federated or secret, not '" + auth + "'");
            }
            if (logSources.any() && existingBucketName != null) {
                problems.add("log sources need a bucket created by the stack (its policy grants the services); for an existing"
                        + " bucket, set up CloudTrail, flow logs and GuardDuty exports to it yourself");
            }
            for (String type : streams.keySet()) {
                if (!LOG_TYPES.contains(type)) {
                    problems.add("streams: unknown log type '" + type + "' (one of " + LOG_TYPES + ")");
                }
            }
            if (!rowFormat.equals("compact") && !rowFormat.equals("full")) {
                problems.add("rowFormat must be compact or full, not '" + rowFormat + "'");
            }
            if (!otherAccountRows.equals("quarantine") && !otherAccountRows.equals("send")) {
                problems.add("otherAccountRows must be quarantine or send, not '" + otherAccountRows + "'");
            }
            if (!architecture.equals("arm64") && !architecture.equals("x86_64")) {
                problems.add("architecture must be arm64 or x86_64, not '" + architecture + "'");
            }
            if (!notifications.equals("s3") && !notifications.equals("eventbridge") && notificationTopicArn(notifications) == null) {
                problems.add("notifications must be s3, eventbridge or sns:<topic arn> (arn:aws:sns:<region>:<account>:<name>), not '"
                        + notifications + "'");
            }
            if (notificationTopicArn(notifications) != null && existingBucketName == null) {
                problems.add("notifications=sns:<topic arn> takes the notifications an existing bucket already sends to that topic:"
                        + " give existingBucketName too");
            }
            if (bucketAccount != null && (existingBucketName == null || !bucketAccount.matches("\\d{12}"))) {
                problems.add("bucketAccount is the 12-digit account that owns existingBucketName: give both");
            }
            if (bucketAccount != null && notifications.equals("eventbridge")) {
                problems.add("notifications=eventbridge delivers a bucket's events in the bucket's own account: for another"
                        + " account's bucket use s3 (its owner points the notifications at the queue) or sns:<topic arn>");
            }
            if (bucketKeyArn != null && (existingBucketName == null || !bucketKeyArn.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]+"))) {
                problems.add("bucketKeyArn is the KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) of existingBucketName: give both");
            }
            // The function checks each element when it starts; here only that the text is a list at all.
            for (String[] list : new String[][] {{"filterRules", filterRules, "rules", "FILTER_RULES"},
                    {"destinations", destinations, "workspaces", "DESTINATIONS"}, {"destinationRules", destinationRules, "rules", "DESTINATION_RULES"}}) {
                if (list[1] != null && !list[1].strip().startsWith("[")) {
                    problems.add(list[0] + " must be a JSON list of " + list[2] + ", as text (see " + list[3] + " in the README)");
                }
            }
            if (alarmTopicArn != null && alarmEmail != null) {
                problems.add("alarmTopicArn or alarmEmail, not both: give the address a subscription on that topic instead");
            }
            if (alarmTopicArn != null && !alarmTopicArn.matches(TOPIC_ARN)) {
                problems.add("alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), not '" + alarmTopicArn + "'");
            }
            if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                problems.add("alarmEmail must be an e-mail address, not '" + alarmEmail + "'");
            }
            if (logPrefixes.isEmpty()) {
                problems.add("logPrefixes must name at least one prefix");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("SentinelForwarder: " + String.join("; ", problems));
            }
            return new SentinelForwarderProps(ingestionEndpoint, dcrImmutableId, auth, azureTenantId, azureClientId,
                    enableOutboundFederation, forwarderRoleName, credentialsSecretName, existingBucketName,
                    logPrefixes, jarPath, memoryMb, timeout, batchSize, maxConcurrency, subscribedLogGroups, ledger, rowFormat, streams, logSources,
                    filterRules, accessLogSources, alarmTopicArn, alarmEmail, architecture, notifications, bucketAccount, bucketKeyArn,
                    destinations, destinationRules, otherAccountRows);
        }
    }

    /** The topic of {@code sns:<topic arn>}, or null when {@code notifications} is not that. */
    static String notificationTopicArn(String notifications) {
        return notifications.matches("sns:" + TOPIC_ARN) ? notifications.substring("sns:".length()) : null;
    }

    /** The topic an {@code sns:} notification mode names, or null. */
    public String notificationTopicArn() {
        return notificationTopicArn(notifications);
    }
}
