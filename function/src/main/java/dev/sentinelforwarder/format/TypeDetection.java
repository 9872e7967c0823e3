package dev.sentinelforwarder.format;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

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
     * that names a service.
     */
    public static Optional<LogType> fromKey(String key) {
        String service = serviceSegment(key);
        if (service == null) {
            return Optional.empty();
        }
        return switch (service) {
            case "CloudTrail", "CloudTrail-Insight", "CloudTrail-Digest" -> Optional.of(LogType.CLOUDTRAIL);
            case "GuardDuty" -> Optional.of(LogType.GUARDDUTY);
            case "vpcflowlogs", "aws-service=vpcflowlogs" -> Optional.of(LogType.VPCFLOW);
            case "CloudWatch" -> Optional.of(LogType.CLOUDWATCH);
            default -> Optional.empty();
        };
    }

    /** True for CloudTrail-Digest objects: they hold hashes of log files, not events. */
    public static boolean isCloudTrailDigestKey(String key) {
        return "CloudTrail-Digest".equals(serviceSegment(key));
    }

    private static String serviceSegment(String key) {
        String[] segments = key.split("/");
        int from = 0;
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals("AWSLogs")) {
                from = i + 1;
            }
        }
        for (int i = from; i < segments.length - 1; i++) {
            switch (segments[i]) {
                case "CloudTrail", "CloudTrail-Insight", "CloudTrail-Digest", "GuardDuty", "vpcflowlogs",
                     "aws-service=vpcflowlogs", "CloudWatch" -> {
                    return segments[i];
                }
                default -> {
                }
            }
        }
        return null;
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
            if (first == '{' && firstLine.contains("\"message\"")) {
                return Optional.of(LogType.CLOUDWATCH);
            }
            return Optional.empty();
        }
        String[] tokens = VpcFlowReader.split(firstLine);
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
