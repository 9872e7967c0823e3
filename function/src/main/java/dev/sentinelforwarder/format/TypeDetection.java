package dev.sentinelforwarder.format;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides an object's log type: first from the S3 key layout AWS services write, then from the first
 * bytes of the decompressed content.
 */
public final class TypeDetection {
    /** How many decompressed bytes {@link #fromContent} looks at. */
    public static final int SNIFF_BYTES = 8 * 1024;

    private TypeDetection() {
    }

    /**
     * The type named by the key's layout: the service segment after {@code AWSLogs/<account>/} (or
     * Hive-style {@code aws-service=vpcflowlogs}); in keys without {@code AWSLogs}, the first segment
     * that names a service. Network Firewall names the log kind in the next segment, Elastic Load Balancing
     * the balancer kind in the file name ({@code _app.} or {@code _net.}); S3 server access logs have no
     * folder of their own but a file name of their own ({@code 2026-11-22-10-13-50-A211246203787B7F}).
     */
    public static Optional<LogType> fromKey(String key) {
        String[] segments = key.split("/");
        int at = serviceSegment(key, segments);
        String file = segments[segments.length - 1];
        if (at < 0) {
            return S3_ACCESS_NAME.matcher(file).matches() ? Optional.of(LogType.S3_SERVER_ACCESS) : Optional.empty();
        }
        return switch (segments[at]) {
            case "CloudTrail", "CloudTrail-Insight", "CloudTrail-Digest" -> Optional.of(LogType.CLOUDTRAIL);
            case "GuardDuty" -> Optional.of(LogType.GUARDDUTY);
            case "vpcflowlogs", "aws-service=vpcflowlogs" -> Optional.of(LogType.VPCFLOW);
            case "CloudWatch" -> Optional.of(LogType.CLOUDWATCH);
            case "WAFLogs" -> Optional.of(LogType.WAF);
            case "vpcdnsquerylogs" -> Optional.of(LogType.ROUTE53_RESOLVER);
            case "SecurityHubFindings" -> Optional.of(LogType.SECURITY_HUB);
            case "network-firewall" -> switch (at + 1 < segments.length - 1 ? segments[at + 1] : "") {
                case "flow" -> Optional.of(LogType.NETWORK_FIREWALL_FLOW);
                case "alert" -> Optional.of(LogType.NETWORK_FIREWALL_ALERT);
                case "tls" -> Optional.of(LogType.NETWORK_FIREWALL_TLS);
                default -> Optional.empty();
            };
            case "elasticloadbalancing" -> file.contains("_app.") ? Optional.of(LogType.ALB)
                    : file.contains("_net.") ? Optional.of(LogType.NLB) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** True for CloudTrail-Digest objects: they hold hashes of log files, not events. */
    public static boolean isCloudTrailDigestKey(String key) {
        String[] segments = key.split("/");
        int at = serviceSegment(key, segments);
        return at >= 0 && segments[at].equals("CloudTrail-Digest");
    }

    /** Whether the content starts with Parquet's magic {@code PAR1} (its end is checked when the footer is read). */
    public static boolean isParquet(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1';
    }

    /**
     * True for the plain-text object ELB writes when access logging is switched on ({@code AWSLogs/<account>/ELBAccessLogTestFile},
     * "Enable AccessLog for ELB: ..."): it holds no records.
     */
    public static boolean isElbTestFile(String key, byte[] head) {
        return key.equals("ELBAccessLogTestFile") || key.endsWith("/ELBAccessLogTestFile")
                || new String(head, StandardCharsets.UTF_8).startsWith("Enable AccessLog for ELB: ");
    }

    private static final Pattern S3_ACCESS_NAME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}");

    private static final Set<String> SERVICES = Set.of("CloudTrail", "CloudTrail-Insight", "CloudTrail-Digest",
            "GuardDuty", "vpcflowlogs", "aws-service=vpcflowlogs", "CloudWatch", "WAFLogs", "vpcdnsquerylogs", "SecurityHubFindings",
            "network-firewall", "elasticloadbalancing");

    /**
     * The index of the segment that names the service, or -1: in the pinned layout ({@link KeyOrigin}) the segment after
     * the account; in other keys the first segment that names a service, for reading only (routing trusts only the pinned
     * layout's).
     */
    private static int serviceSegment(String key, String[] segments) {
        int from = 0;
        for (int i = 0; i < segments.length && from == 0; i++) {
            if (segments[i].equals("AWSLogs")) {
                from = i + 1;
            }
        }
        KeyOrigin origin = KeyOrigin.of(key);
        for (int i = from; i < segments.length - 1; i++) {
            if (SERVICES.contains(segments[i]) && (!origin.named() || segments[i].equals(origin.service()))) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern NETFLOW = Pattern.compile("\"event_type\"\\s*:\\s*\"netflow\"");
    private static final Pattern ALERT = Pattern.compile("\"event_type\"\\s*:\\s*\"alert\"");
    private static final Set<String> ALB_TYPES = Set.of("http", "https", "h2", "grpcs", "ws", "wss");

    /** WAF, Network Firewall, Route 53 Resolver and Security Hub, by the fields only they have. */
    private static Optional<LogType> newerJson(String text) {
        if (text.contains("\"webaclId\"")) {
            return Optional.of(LogType.WAF);
        }
        if (text.contains("\"firewall_name\"") && text.contains("\"event_timestamp\"")) {
            return Optional.of(NETFLOW.matcher(text).find() ? LogType.NETWORK_FIREWALL_FLOW
                    : ALERT.matcher(text).find() ? LogType.NETWORK_FIREWALL_ALERT : LogType.NETWORK_FIREWALL_TLS);
        }
        if (text.contains("\"query_timestamp\"") && text.contains("\"query_name\"")) {
            return Optional.of(LogType.ROUTE53_RESOLVER);
        }
        if (text.contains("\"aws.securityhub\"") || (text.contains("\"SchemaVersion\"") && text.contains("\"ProductArn\""))) {
            return Optional.of(LogType.SECURITY_HUB);
        }
        return Optional.empty();
    }

    /**
     * The other log type an object's first bytes plainly are, for a type that would otherwise take them as its own:
     * under a CloudWatch key any line of text is a message (Microsoft's exporters write message-only lines), so
     * other JSON logs and a flow log's header would become rows. Text lines of other logs stay messages: a log group
     * may hold them. The other types' readers and mappers refuse what is not theirs record by record.
     */
    public static Optional<LogType> contradicting(LogType byKey, byte[] head) {
        if (byKey != LogType.CLOUDWATCH) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        Optional<LogType> content = fromContent(head, head.length);
        boolean json = !text.isEmpty() && (text.charAt(0) == '{' || text.charAt(0) == '[');
        boolean flowHeader = content.equals(Optional.of(LogType.VPCFLOW))
                && VpcFlowHeader.KNOWN_FIELDS.contains(VpcFlowReader.split(text.lines().findFirst().orElse(""), 2)[0]);
        return content.filter(type -> type != LogType.CLOUDWATCH && (json || flowHeader));
    }

    /** An ALB access log line's first fields: its request type and its ISO-8601 time. */
    public static boolean isAlbRecord(String[] fields) {
        return fields.length >= 2 && ALB_TYPES.contains(fields[0]) && Timestamps.looksLikeTimestamp(fields[1]);
    }

    /** An NLB access log line's first fields: {@code tls}, its log version and its ISO-8601 time. */
    public static boolean isNlbRecord(String[] fields) {
        return fields.length >= 3 && fields[0].equals("tls") && fields[1].matches("\\d\\.\\d") && Timestamps.looksLikeTimestamp(fields[2]);
    }

    /** The type the content's first bytes show, if they show one. */
    public static Optional<LogType> fromContent(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String firstLine = text.lines().findFirst().orElse("");
        char first = text.charAt(0);
        if (first == '{' || first == '[') {
            if (text.contains("\"Records\"") || text.contains("\"digestStartTime\"") || text.contains("\"eventVersion\"")
                    || (text.contains("\"eventTime\"") && text.contains("\"eventSource\""))) {
                return Optional.of(LogType.CLOUDTRAIL);
            }
            if (text.contains("\"schemaVersion\"") && (text.contains("\"severity\"") || text.contains("arn:aws:guardduty"))) {
                return Optional.of(LogType.GUARDDUTY);
            }
            Optional<LogType> newer = newerJson(text);
            if (newer.isPresent()) {
                return newer;
            }
            if (first == '{' && firstLine.contains("\"message\"")) {
                return Optional.of(LogType.CLOUDWATCH);
            }
            return Optional.empty();
        }
        String[] tokens = VpcFlowReader.split(firstLine, VpcFlowReader.MAX_FIELDS + 1);
        if (tokens.length >= 13 && isAlbRecord(tokens)) {
            return Optional.of(LogType.ALB);
        }
        if (tokens.length >= 11 && isNlbRecord(tokens)) {
            return Optional.of(LogType.NLB);
        }
        if (tokens.length >= 17 && tokens[0].matches("[0-9a-f]{64}|-") && tokens[2].startsWith("[")) {
            return Optional.of(LogType.S3_SERVER_ACCESS);
        }
        if (tokens.length > 0 && VpcFlowHeader.KNOWN_FIELDS.contains(tokens[0])) {
            return Optional.of(LogType.VPCFLOW);
        }
        if (tokens.length == VpcFlowHeader.V2_DEFAULT.fields().size() && tokens[0].equals("2")) {
            return Optional.of(LogType.VPCFLOW);
        }
        int comma = firstLine.indexOf(',');
        if (comma > 0 && Timestamps.looksLikeTimestamp(firstLine.substring(0, comma))) {
            return Optional.of(LogType.CLOUDWATCH);
        }
        return Optional.empty();
    }
}
