package dev.sentinelforwarder.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The S3 key layout the CloudWatch companion writes, which keeps where the events came from:
 * {@code <prefix>AWSLogs/<account>/CloudWatch/<region>/<logGroup>/<logStream>/<yyyy>/<MM>/<dd>/<first-event-ms>-<requestId>.csv.gz}.
 * Log group and stream names may hold {@code /}; in the key it is written {@code %2F} (and {@code %} as
 * {@code %25}), so each stays one segment and reads back exactly. The account is the subscription event's {@code owner},
 * which a log group's name cannot change, at the key's first {@code AWSLogs} segment ({@link KeyOrigin}): a log group named
 * {@code AWSLogs} with a stream named like another account comes after it and names nothing.
 */
public record CloudWatchExportKey(String account, String region, String logGroup, String logStream) {
    /** The key for one invocation's events; the same request id gives the same key, so a retry overwrites. */
    public String key(String prefix, Instant firstEvent, String requestId) {
        ZonedDateTime day = firstEvent.atZone(ZoneOffset.UTC);
        return prefix + "AWSLogs/" + escape(account) + "/CloudWatch/" + escape(region) + "/" + escape(logGroup) + "/"
                + escape(logStream) + "/" + String.format("%04d/%02d/%02d/", day.getYear(), day.getMonthValue(), day.getDayOfMonth())
                + firstEvent.toEpochMilli() + "-" + escape(requestId) + ".csv.gz";
    }

    /** The origin named by a key in this layout, if it is one. */
    public static Optional<CloudWatchExportKey> parse(String key) {
        String[] segments = key.split("/");
        int i = java.util.Arrays.asList(segments).indexOf("AWSLogs");
        // AWSLogs / account / CloudWatch / region / group / stream / yyyy / MM / dd / file
        if (i >= 0 && segments.length - i == 10 && segments[i + 2].equals("CloudWatch")) {
            return Optional.of(new CloudWatchExportKey(unescape(segments[i + 1]), unescape(segments[i + 3]),
                    unescape(segments[i + 4]), unescape(segments[i + 5])));
        }
        return Optional.empty();
    }

    static String escape(String name) {
        return name.replace("%", "%25").replace("/", "%2F");
    }

    static String unescape(String segment) {
        return segment.replace("%2F", "/").replace("%25", "%");
    }
}
