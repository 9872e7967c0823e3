package dev.sentinelforwarder.format;

import java.util.regex.Pattern;

/**
 * The AWS account, organization and region an object's key names, read only where a bucket policy can pin them: at the
 * key's first {@code AWSLogs} segment, in the layouts AWS services write there: {@code AWSLogs/<account>/<service>/<region>/...},
 * the organization trail's {@code AWSLogs/<o-id>/<account>/CloudTrail/<region>/...} and the Hive-style
 * {@code AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/...}, each after an optional fixed
 * prefix. A bucket policy statement with {@code Resource} {@code <bucket>/[prefix/]AWSLogs/${aws:SourceAccount}/*} lets an
 * account deliver only under its own account there. Everything after that (log group and stream names, web ACL, firewall
 * and load balancer names) is chosen by whoever configures the delivery, so a later {@code AWSLogs} segment, or an account
 * id further down, names nothing here: a log group named {@code AWSLogs} with a stream named like another tenant's account
 * cannot move the object.
 *
 * <p>A part the key does not name is null: S3 server access logs and Security Hub's Firehose objects name no account,
 * Route 53 Resolver's query logs no region.
 *
 * @param service the service segment after the account ({@code CloudTrail}, {@code aws-service=vpcflowlogs}), or null
 */
public record KeyOrigin(String account, String organization, String region, String service) {
    public static final KeyOrigin NONE = new KeyOrigin(null, null, null, null);

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    /**
     * The region forms of every partition: us-east-1, ap-southeast-7, cn-north-1, us-gov-west-1, us-iso-east-1,
     * us-isob-east-1, eu-isoe-west-1, us-isof-south-1, eusc-de-east-1 (the AWS European Sovereign Cloud).
     */
    public static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+){1,2}-\\d{1,2}");

    /** True when the key's account, organization and region came from the pinned layout. */
    public boolean named() {
        return account != null;
    }

    public static KeyOrigin of(String key) {
        String[] segments = key.split("/");
        int at = -1;
        for (int i = 0; i < segments.length - 1 && at < 0; i++) {
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
        if (account == null || !ACCOUNT.matcher(account).matches() || at + 1 >= segments.length - 1) {
            return new KeyOrigin(null, organization, null, null);
        }
        String service = segments[at + 1];
        // The region follows the service; Network Firewall puts the log kind between them, Route 53 Resolver a VPC id
        // (no region), WAF a scope such as cloudfront (no region): only a region form at that place counts.
        int regionAt = service.equals("network-firewall") ? at + 3 : at + 2;
        String region = regionAt < segments.length - 1 ? unhive(segments[regionAt], "aws-region=") : null;
        return new KeyOrigin(account, organization, region != null && REGION.matcher(region).matches() ? region : null, service);
    }

    private static String unhive(String segment, String name) {
        return segment.startsWith(name) ? segment.substring(name.length()) : segment;
    }
}
