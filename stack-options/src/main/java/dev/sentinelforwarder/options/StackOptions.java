package dev.sentinelforwarder.options;

import dev.sentinelforwarder.options.StackOption.Kind;
import dev.sentinelforwarder.options.StackOption.SetBy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every option of the stack, declared once: the CDK app reads and checks its context by these, {@code deploy} checks
 * what it is given (and what it remembers) by them before anything changes, and tests hold the SAM template's
 * parameters and the README's table of options equal to them.
 */
public final class StackOptions {
    /**
     * The key of the template's Metadata under which the stack keeps the options it was given (those set by the user),
     * which {@code deploy} reads back from the deployed template.
     */
    public static final String SETTINGS_METADATA = "SentinelAwsForwarderSettings";
    static final String ACCOUNT = "\\d{12}";
    static final String VPC = "vpc-[0-9a-f]{8,17}";
    static final String ARN = "arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\\d{0,12}:.+";
    static final String TOPIC_ARN = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]+";
    static final String KEY_ARN = "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+";
    static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    static final String NOTIFICATIONS = "s3|eventbridge|sns:" + TOPIC_ARN;
    static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    static final String DETECTOR = "[0-9a-f]{32}";
    static final String ROLE_NAME = "[\\w+=,.@-]{1,64}";
    static final String SECRET_NAME = "[\\w/+=.@-]{1,512}";
    static final String LOG_GROUP = "[\\w#./-]{1,512}";
    static final String PREFIX = "[^\\s]{1,1024}";
    static final String STREAM = "[a-z0-9_]+=[A-Za-z0-9_-]*";
    static final String HTTPS = "https://\\S+";
    static final String DCR = "dcr-[0-9a-f]{32}(,dcr-[0-9a-f]{32})*";
    static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String STACK_NAME = "[A-Za-z][A-Za-z0-9-]{0,127}";

    /** How the problem sentences and the README say what a pattern takes. */
    static final Map<String, String> PATTERN_NAMES = Map.ofEntries(Map.entry(ACCOUNT, "a 12-digit account id"),
            Map.entry(VPC, "VPC ids (vpc-...)"), Map.entry(ARN, "ARNs"),
            Map.entry(TOPIC_ARN, "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"),
            Map.entry(KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)"), Map.entry(EMAIL, "an e-mail address"),
            Map.entry(NOTIFICATIONS, "s3, eventbridge or sns:<topic arn>"), Map.entry(BUCKET, "an S3 bucket name"),
            Map.entry(DETECTOR, "a GuardDuty detector id (32 hex digits)"), Map.entry(ROLE_NAME, "an IAM role name"),
            Map.entry(SECRET_NAME, "a Secrets Manager secret name"), Map.entry(LOG_GROUP, "log group names"),
            Map.entry(PREFIX, "key prefixes"), Map.entry(STREAM, "type=stream pairs (e.g. vpcflow=Custom-Flows)"),
            Map.entry(HTTPS, "an https:// URL, or several joined with commas"), Map.entry(DCR, "dcr-<32 hex digits>, or several joined with commas"),
            Map.entry(GUID, "a GUID"), Map.entry(STACK_NAME, "a stack name (a letter, then letters, digits and '-')"));

    /** Options whose value is a log source: a stack given none of them (nor a bucket or log group) forwards nothing. */
    static final List<String> SOURCES = List.of("trail", "flowLogVpcIds", "guardDutyDetectorId", "resolverQueryLogVpcIds",
            "networkFirewallArns", "securityHubFindings", "wafWebAclArns", "loadBalancerAccessLogs", "s3AccessLogSourceBuckets",
            "existingBucketName", "subscribedLogGroups", "sourcesByHand");

    public static final List<StackOption> ALL = List.of(
            deploy("ingestionEndpoint", Kind.TEXT, HTTPS, "the rule's Logs Ingestion endpoint: the Azure template's output"),
            deploy("dcrImmutableId", Kind.TEXT, DCR, "the rule's immutable id: the Azure template's output"),
            deploy("azureTenantId", Kind.TEXT, GUID, "the managed identity's tenant: the Azure template's output"),
            deploy("azureClientId", Kind.TEXT, GUID, "the managed identity's client id: the Azure template's output"),
            deploy("stackName", Kind.TEXT, STACK_NAME, "the stack's name (deploy: --stack-name); default SentinelAwsForwarder"),
            deploy("jarPath", Kind.TEXT, "", "the Lambda jar (infra/cdk.json); default ../function/target/forwarder.jar"),
            choice("auth", "federated", "how the forwarder signs in to Entra: its own AWS identity (no secret) or an app's secret",
                    null, "federated", "secret"),
            bool("enableOutboundFederation", "true", "the stack turns on the account's outbound identity federation"),
            text("forwarderRoleName", "<stack name>-forwarder", ROLE_NAME, "the forwarder role's name, the subject of its tokens"),
            text("credentialsSecretName", "", SECRET_NAME, "auth=secret: an existing secret with the app's credentials"),
            text("existingBucketName", "", BUCKET, "read logs from this bucket instead of one the stack creates"),
            text("bucketAccount", "", ACCOUNT, "the account that owns existingBucketName, when it is another"),
            text("bucketKeyArn", "", KEY_ARN, "the KMS key of existingBucketName's objects", "LogBucketKeyArn"),
            text("notifications", "s3", NOTIFICATIONS, "how new objects reach the queue"),
            list("logPrefixes", "AWSLogs/,cloudwatch/", PREFIX, "key prefixes that notify the forwarder"),
            list("subscribedLogGroups", "", LOG_GROUP, "CloudWatch Logs groups the companion exports to the bucket"),
            bool("ledger", "true", "the DynamoDB ledger of objects forwarded (nothing twice)"),
            number("memoryMb", "1769", 128, 10_240, "the forwarder's memory (1769: one full vCPU)"),
            number("timeoutSeconds", "300", 60, 900, "the forwarder's timeout"),
            number("batchSize", "10", 1, 10_000, "SQS messages per invocation"),
            number("maxConcurrency", "20", 2, 1_000, "most forwarder invocations at once"),
            choice("architecture", "arm64", "the functions' processor", "Architecture", "arm64", "x86_64"),
            choice("rowFormat", "compact", "the rows' column names: the Azure template's compact streams, or the tables' own",
                    "RowFormat", "compact", "full"),
            list("streams", "", STREAM, "a rule's input stream per log type, where it is not the row format's"),
            json("filterRules", "FILTER_RULES: rows dropped before they are sent", "FilterRules"),
            json("destinations", "DESTINATIONS: further workspaces", "Destinations"),
            json("destinationRules", "DESTINATION_RULES: which objects go to which destination", "DestinationRules"),
            choice("otherAccountRows", "quarantine", "a row whose account the rules send elsewhere than its object",
                    "OtherAccountRows", "quarantine", "send"),
            bool("trail", "false", "a multi-region CloudTrail trail of management events into the bucket"),
            bool("trailDataEvents", "false", "the trail also logs S3 and Lambda data events (billed per event)"),
            list("flowLogVpcIds", "", VPC, "VPCs whose flow logs go to the bucket"),
            bool("flowLogHourlyPartitions", "false", "flow logs in hourly instead of daily key partitions"),
            choice("flowLogFormat", "text", "flow logs as gzip text or Parquet", null, "text", "parquet"),
            text("guardDutyDetectorId", "", DETECTOR, "an existing detector whose findings are exported to the bucket"),
            list("resolverQueryLogVpcIds", "", VPC, "VPCs whose Route 53 Resolver queries are logged to the bucket"),
            list("networkFirewallArns", "", ARN, "firewalls whose flow, alert and TLS logs go to the bucket"),
            bool("securityHubFindings", "false", "Security Hub findings through EventBridge and Firehose into the bucket"),
            list("wafWebAclArns", "", ARN, "web ACLs whose traffic logs go to the access-log bucket"),
            bool("loadBalancerAccessLogs", "false", "let load balancers write access logs to the access-log bucket"),
            list("s3AccessLogSourceBuckets", "", BUCKET, "buckets that may write server access logs to the access-log bucket"),
            bool("sourcesByHand", "false", "no source above: you point sources at the stack's bucket yourself"),
            text("alarmTopicArn", "", TOPIC_ARN, "an existing SNS topic every alarm notifies", "AlarmTopicArn"),
            text("alarmEmail", "", EMAIL, "an address every alarm mails, through a topic the stack creates", "AlarmEmail"));

    private static final Map<String, StackOption> BY_NAME = byName();

    private StackOptions() {
    }

    /** The option named {@code name}, or empty. */
    public static Optional<StackOption> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Everything wrong with these values, each a sentence: unknown names (with the closest known one) and values an
     * option does not take.
     */
    public static List<String> problems(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        values.forEach((name, value) -> {
            StackOption option = BY_NAME.get(name);
            if (option == null) {
                problems.add("unknown option '" + name + "'" + closest(name).map(known -> ": did you mean " + known + "?")
                        .orElse(" (README: Stack options lists them)"));
            } else {
                option.problem(value).ifPresent(problems::add);
            }
        });
        return problems;
    }

    /** A stack that would forward nothing: no source, no bucket of one's own, no log group, nor a promise to wire one. */
    public static Optional<String> forwardsNothing(Map<String, String> values) {
        boolean any = SOURCES.stream().anyMatch(name -> {
            String value = values.get(name);
            return value != null && !value.isBlank() && !value.equals("false");
        });
        return any ? Optional.empty() : Optional.of("nothing would reach the forwarder: no log source writes to the stack's bucket."
                + " Add one (-c trail=true, -c flowLogVpcIds=vpc-..., -c guardDutyDetectorId=<detector>, -c securityHubFindings=true,"
                + " ...), read a bucket that has logs (-c existingBucketName=<bucket>), export log groups (-c subscribedLogGroups=<group>),"
                + " or, if you will point sources at the stack's bucket yourself, -c sourcesByHand=true");
    }

    /** The known name nearest to {@code name}, when it is near enough to be a slip (two edits, or case alone). */
    static Optional<String> closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : BY_NAME.keySet()) {
            int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 5) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance; by hand, as the module depends on nothing (it is in the CDK app and the tools alike). */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, StackOption> byName() {
        Map<String, StackOption> byName = new LinkedHashMap<>();
        for (StackOption option : ALL) {
            if (byName.put(option.name(), option) != null) {
                throw new IllegalStateException("option declared twice: " + option.name());
            }
        }
        return Map.copyOf(byName);
    }

    private static StackOption deploy(String name, Kind kind, String pattern, String meaning) {
        return new StackOption(name, kind, "", pattern.isEmpty() ? List.of() : List.of(pattern), 0, 0, meaning, null, SetBy.DEPLOY);
    }

    private static StackOption bool(String name, String defaultValue, String meaning) {
        return new StackOption(name, Kind.BOOLEAN, defaultValue, List.of(), 0, 0, meaning, null, SetBy.USER);
    }

    private static StackOption number(String name, String defaultValue, long min, long max, String meaning) {
        return new StackOption(name, Kind.INTEGER, defaultValue, List.of(), min, max, meaning, null, SetBy.USER);
    }

    private static StackOption choice(String name, String defaultValue, String meaning, String samParameter, String... values) {
        return new StackOption(name, Kind.CHOICE, defaultValue, List.of(values), 0, 0, meaning, samParameter, SetBy.USER);
    }

    private static StackOption text(String name, String defaultValue, String pattern, String meaning) {
        return text(name, defaultValue, pattern, meaning, null);
    }

    private static StackOption text(String name, String defaultValue, String pattern, String meaning, String samParameter) {
        return new StackOption(name, Kind.TEXT, defaultValue, List.of(pattern), 0, 0, meaning, samParameter, SetBy.USER);
    }

    private static StackOption list(String name, String defaultValue, String pattern, String meaning) {
        return new StackOption(name, Kind.LIST, defaultValue, List.of(pattern), 0, 0, meaning, null, SetBy.USER);
    }

    private static StackOption json(String name, String meaning, String samParameter) {
        return new StackOption(name, Kind.JSON_LIST, "[]", List.of(), 0, 0, meaning, samParameter, SetBy.USER);
    }
}
