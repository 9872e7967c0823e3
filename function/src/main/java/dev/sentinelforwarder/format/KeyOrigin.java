package dev.sentinelforwarder.format;

import java.util.regex.Pattern;

/**
 * The AWS account, organization and region an object's key names, where AWS's layouts name them:
 * {@code AWSLogs/<account>/<service>/<region>/...}, the organization trail's {@code AWSLogs/<o-id>/<account>/CloudTrail/...}
 * and the Hive-style {@code AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/...}, each after
 * any prefix of the bucket's owner. A part the key does not name is null: S3 server access logs and Security Hub's Firehose
 * objects name no account, Route 53 Resolver's query logs no region.
 */
public record KeyOrigin(String account, String organization, String region) {
    public static final KeyOrigin NONE = new KeyOrigin(null, null, null);

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    /** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7, us-isob-east-1. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");

    public static KeyOrigin of(String key) {
        String[] segments = key.split("/");
        int at = -1;
        for (int i = segments.length - 2; i >= 0 && at < 0; i--) {
            if (segments[i].equals("AWSLogs")) {
                at = i + 1;
            }
        }
        if (at < 0 || at >= segments.length - 1) {
            return NONE;
        }
        String organization = null;
        if (ORGANIZATION.matcher(segments[at]).matches()) {
            organization = segments[at++];
        }
        String account = at < segments.length - 1 ? unhive(segments[at], "aws-account-id=") : null;
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            return new KeyOrigin(null, organization, null);
        }
        String region = null;
        // The region is the first segment after the service (Network Firewall puts the log kind between them).
        for (int i = at + 1; i < segments.length - 1 && region == null; i++) {
            String segment = unhive(segments[i], "aws-region=");
            if (REGION.matcher(segment).matches()) {
                region = segment;
            }
        }
        return new KeyOrigin(account, organization, region);
    }

    private static String unhive(String segment, String name) {
        return segment.startsWith(name) ? segment.substring(name.length()) : segment;
    }
}
