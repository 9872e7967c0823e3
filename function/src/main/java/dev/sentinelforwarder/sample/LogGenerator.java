package dev.sentinelforwarder.sample;

import dev.sentinelforwarder.format.LogType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes large, realistic log objects of each type for benchmarks: records shaped like the real ones
 * (CloudTrail API calls with identities and request parameters, GuardDuty findings, VPC v5 flow lines,
 * CloudWatch application lines), varied by a seeded random so the compression ratio is realistic, gzipped
 * as AWS delivers them. The same seed gives the same bytes.
 */
public final class LogGenerator {
    private static final String[] EVENTS = {"GetObject", "PutObject", "AssumeRole", "DescribeInstances", "ListBuckets",
        "GetCallerIdentity", "Decrypt", "CreateLogStream", "PutMetricData", "ConsoleLogin"};
    private static final String[] SOURCES = {"s3.amazonaws.com", "sts.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com",
        "logs.amazonaws.com", "monitoring.amazonaws.com", "signin.amazonaws.com"};
    private static final String[] WORDS = {"request", "completed", "user", "order", "payment", "cache", "miss", "retry",
        "timeout", "session", "token", "refreshed", "queue", "message", "processed", "latency", "ms", "status", "ok", "error"};

    private LogGenerator() {
    }

    /** Writes about {@code megabytes} MB (uncompressed) of {@code type} records to {@code out}, gzipped. */
    public static long generate(LogType type, long megabytes, Path out, long seed) throws IOException {
        long target = megabytes * 1024 * 1024;
        SplittableRandom random = new SplittableRandom(seed);
        long records = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
                CountingWriter text = new CountingWriter(new OutputStreamWriter(new GZIPOutputStream(file, 1 << 16), StandardCharsets.UTF_8))) {
            switch (type) {
                case CLOUDTRAIL -> {
                    text.write("{\"Records\":[");
                    while (text.count < target) {
                        text.write(records == 0 ? "" : ",");
                        cloudTrail(text, random, records++);
                    }
                    text.write("]}");
                }
                case VPCFLOW -> {
                    text.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action"
                            + " log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id"
                            + " pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path\n");
                    while (text.count < target) {
                        vpc(text, random, records++);
                    }
                }
                default -> {
                    while (text.count < target) {
                        line(type, text, random, records++);
                    }
                }
            }
        }
        return records;
    }

    private static void cloudTrail(Writer out, SplittableRandom r, long n) throws IOException {
        String account = "1111222233" + (10 + r.nextInt(20));
        String user = "user-" + r.nextInt(500);
        out.write("{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROA" + hex(r, 16)
                + ":" + user + "\",\"arn\":\"arn:aws:sts::" + account + ":assumed-role/app-role/" + user + "\",\"accountId\":\""
                + account + "\",\"accessKeyId\":\"ASIA" + hex(r, 16).toUpperCase() + "\",\"sessionContext\":{\"sessionIssuer\":{"
                + "\"type\":\"Role\",\"principalId\":\"AROA" + hex(r, 16) + "\",\"arn\":\"arn:aws:iam::" + account
                + ":role/app-role\",\"accountId\":\"" + account + "\",\"userName\":\"app-role\"},\"attributes\":{\"creationDate\":"
                + "\"2026-11-22T0" + r.nextInt(10) + ":1" + r.nextInt(10) + ":00Z\",\"mfaAuthenticated\":\"false\"}}},"
                + "\"eventTime\":\"2026-11-22T1" + r.nextInt(10) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "Z\","
                + "\"eventSource\":\"" + SOURCES[r.nextInt(SOURCES.length)] + "\",\"eventName\":\"" + EVENTS[r.nextInt(EVENTS.length)]
                + "\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"" + ip(r) + "\",\"userAgent\":\"aws-sdk-java/2.30."
                + r.nextInt(40) + " Linux/6.1 OpenJDK_64-Bit_Server_VM/21\",\"requestParameters\":{\"bucketName\":\"data-"
                + r.nextInt(50) + "\",\"key\":\"reports/2026/11/" + hex(r, 12) + ".parquet\",\"Host\":\"data.s3.eu-west-1.amazonaws.com\"},"
                + "\"responseElements\":null,\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"bytesTransferredOut\":"
                + r.nextInt(1_000_000) + ",\"x-amz-id-2\":\"" + hex(r, 40) + "\"},\"requestID\":\"" + hex(r, 16).toUpperCase()
                + "\",\"eventID\":\"" + new UUID(r.nextLong(), n) + "\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\","
                + "\"ARN\":\"arn:aws:s3:::data/" + hex(r, 12) + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"" + account + "\",\"eventCategory\":\"Data\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\","
                + "\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"data.s3.eu-west-1.amazonaws.com\"}}");
    }

    private static void guardDuty(Writer out, SplittableRandom r, long n) throws IOException {
        String id = hex(r, 32);
        out.write("{\"schemaVersion\":\"2.0\",\"accountId\":\"111122223333\",\"region\":\"eu-west-1\",\"partition\":\"aws\",\"id\":\""
                + id + "\",\"arn\":\"arn:aws:guardduty:eu-west-1:111122223333:detector/" + hex(r, 32) + "/finding/" + id
                + "\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"resource\":{\"resourceType\":\"Instance\",\"instanceDetails\":{"
                + "\"instanceId\":\"i-" + hex(r, 17) + "\",\"instanceType\":\"m5.large\",\"launchTime\":\"2026-11-01T10:00:00.000Z\","
                + "\"networkInterfaces\":[{\"privateIpAddress\":\"" + ip(r) + "\",\"subnetId\":\"subnet-" + hex(r, 17) + "\",\"vpcId\":\"vpc-"
                + hex(r, 17) + "\",\"securityGroups\":[{\"groupId\":\"sg-" + hex(r, 17) + "\",\"groupName\":\"web\"}]}],\"tags\":[{\"key\":"
                + "\"env\",\"value\":\"prod\"}]}},\"service\":{\"serviceName\":\"guardduty\",\"action\":{\"actionType\":\"PORT_PROBE\","
                + "\"portProbeAction\":{\"blocked\":false,\"portProbeDetails\":[{\"localPortDetails\":{\"port\":" + r.nextInt(65536)
                + ",\"portName\":\"Unknown\"},\"remoteIpDetails\":{\"ipAddressV4\":\"" + ip(r) + "\",\"organization\":{\"asn\":\""
                + r.nextInt(65536) + "\",\"asnOrg\":\"Example Networks\"},\"country\":{\"countryName\":\"Example\"}}}]}},"
                + "\"archived\":false,\"count\":" + (1 + r.nextInt(100)) + ",\"eventFirstSeen\":\"2026-11-22T08:00:00.000Z\","
                + "\"eventLastSeen\":\"2026-11-22T09:00:00.000Z\",\"resourceRole\":\"TARGET\"},\"severity\":" + (1 + r.nextInt(8))
                + "." + r.nextInt(10) + ",\"createdAt\":\"2026-11-22T08:00:00.000Z\",\"updatedAt\":\"2026-11-22T09:" + (10 + r.nextInt(50))
                + ":00.000Z\",\"title\":\"Unprotected port on EC2 instance is being probed.\",\"description\":\"EC2 instance has an"
                + " unprotected port which is being probed by a known malicious host.\"}\n");
    }

    private static void vpc(Writer out, SplittableRandom r, long n) throws IOException {
        long start = 1795341600L + r.nextInt(3600);
        boolean nodata = r.nextInt(50) == 0;
        out.write("5 111122223333 eni-" + hex(r, 17) + " ");
        if (nodata) {
            out.write("- - - - - - - " + start + " " + (start + 60) + " - NODATA - - - - - - - - - - - - -\n");
            return;
        }
        out.write(ip(r) + " " + ip(r) + " " + r.nextInt(65536) + " " + (r.nextBoolean() ? 443 : r.nextInt(65536)) + " 6 "
                + (1 + r.nextInt(500)) + " " + (40 + r.nextInt(500_000)) + " " + start + " " + (start + 60) + " "
                + (r.nextInt(10) == 0 ? "REJECT" : "ACCEPT") + " OK vpc-0abc1234def56789" + r.nextInt(10) + " subnet-0123abcd4567ef8"
                + r.nextInt(10) + "0 i-0a1b2c3d4e5f6071" + r.nextInt(10) + " " + r.nextInt(32) + " IPv4 " + ip(r) + " " + ip(r)
                + " eu-west-1 euw1-az" + (1 + r.nextInt(3)) + " - " + (r.nextInt(4) == 0 ? "S3" : "-") + " "
                + (r.nextBoolean() ? "ingress" : "egress") + " " + (1 + r.nextInt(8)) + "\n");
    }

    /** One record of a type written one record per line. */
    private static void line(LogType type, Writer out, SplittableRandom r, long n) throws IOException {
        String time = "2026-11-22T10:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50));
        long epoch = 1795341600L + r.nextInt(3600);
        switch (type) {
            case GUARDDUTY -> guardDuty(out, r, n);
            case CLOUDWATCH -> cloudWatch(out, r, n);
            case WAF -> out.write("{\"timestamp\":" + (epoch * 1000 + r.nextInt(1000)) + ",\"formatVersion\":1,\"webaclId\":"
                    + "\"arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/app-acl/" + hex(r, 8) + "\",\"terminatingRuleId\":"
                    + "\"Default_Action\",\"terminatingRuleType\":\"REGULAR\",\"action\":\"" + (r.nextInt(20) == 0 ? "BLOCK" : "ALLOW")
                    + "\",\"terminatingRuleMatchDetails\":[],\"httpSourceName\":\"ALB\",\"httpSourceId\":\"111122223333-app/web/"
                    + hex(r, 16) + "\",\"ruleGroupList\":[{\"ruleGroupId\":\"AWS#AWSManagedRulesCommonRuleSet\",\"terminatingRule\":null,"
                    + "\"nonTerminatingMatchingRules\":[],\"excludedRules\":null}],\"rateBasedRuleList\":[],"
                    + "\"nonTerminatingMatchingRules\":[],\"requestHeadersInserted\":null,\"responseCodeSent\":null,\"httpRequest\":{"
                    + "\"clientIp\":\"" + ip(r) + "\",\"country\":\"DE\",\"headers\":[{\"name\":\"Host\",\"value\":\"app.example.com\"},"
                    + "{\"name\":\"User-Agent\",\"value\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/13" + r.nextInt(10) + ".0\"}],"
                    + "\"uri\":\"/api/orders/" + r.nextInt(100_000) + "\",\"args\":\"page=" + r.nextInt(50) + "\",\"httpVersion\":"
                    + "\"HTTP/1.1\",\"httpMethod\":\"GET\",\"requestId\":\"1-" + hex(r, 8) + "-" + hex(r, 24) + "\"},\"labels\":"
                    + "[{\"name\":\"awswaf:clientip:geo:country:DE\"}],\"ja3Fingerprint\":\"" + hex(r, 32) + "\"}\n");
            case NETWORK_FIREWALL_FLOW -> out.write(firewall(epoch) + "{\"timestamp\":\"" + time + ".007515+0000\",\"flow_id\":"
                    + r.nextLong(1L << 52) + ",\"event_type\":\"netflow\",\"src_ip\":\"" + ip(r) + "\",\"src_port\":" + r.nextInt(65536)
                    + ",\"dest_ip\":\"" + ip(r) + "\",\"dest_port\":" + (r.nextBoolean() ? 443 : r.nextInt(65536)) + ",\"proto\":\"TCP\","
                    + "\"netflow\":{\"pkts\":" + (1 + r.nextInt(100)) + ",\"bytes\":" + (60 + r.nextInt(100_000)) + ",\"start\":\"" + time
                    + ".070479+0000\",\"end\":\"" + time + ".070479+0000\",\"age\":" + r.nextInt(60) + ",\"min_ttl\":241,\"max_ttl\":241},"
                    + "\"tcp\":{\"tcp_flags\":\"1b\",\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true}}}\n");
            case NETWORK_FIREWALL_ALERT -> out.write(firewall(epoch) + "{\"timestamp\":\"" + time + ".006481+0000\",\"flow_id\":"
                    + r.nextLong(1L << 52) + ",\"event_type\":\"alert\",\"src_ip\":\"" + ip(r) + "\",\"src_port\":" + r.nextInt(65536)
                    + ",\"dest_ip\":\"" + ip(r) + "\",\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"alert\":{\"action\":"
                    + "\"blocked\",\"signature_id\":" + (1000 + r.nextInt(100)) + ",\"rev\":1,\"signature\":\"matching TLS denylisted FQDNs\","
                    + "\"category\":\"\",\"severity\":" + (1 + r.nextInt(3)) + "},\"tls\":{\"sni\":\"host" + r.nextInt(1000)
                    + ".example.com\",\"version\":\"TLS 1.2\"}}}\n");
            case NETWORK_FIREWALL_TLS -> out.write(firewall(epoch) + "{\"src_ip\":\"" + ip(r) + "\",\"src_port\":\"" + r.nextInt(65536)
                    + "\",\"dest_ip\":\"" + ip(r) + "\",\"dest_port\":\"443\",\"timestamp\":\"" + time + ".441824Z\",\"sni\":\"host"
                    + r.nextInt(1000) + ".example.com\",\"revocation_check\":{\"leaf_cert_fpr\":\"" + hex(r, 40) + "\",\"status\":"
                    + "\"REVOKED\",\"action\":\"DROP\"}}}\n");
            case ROUTE53_RESOLVER -> out.write("{\"version\":\"1.100000\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                    + "\"vpc_id\":\"vpc-" + hex(r, 17) + "\",\"query_timestamp\":\"" + time + "Z\",\"query_name\":\"host" + r.nextInt(1000)
                    + ".example.com.\",\"query_type\":\"A\",\"query_class\":\"IN\",\"rcode\":\"NOERROR\",\"answers\":[{\"Rdata\":\""
                    + ip(r) + "\",\"Type\":\"A\",\"Class\":\"IN\"}],\"srcaddr\":\"" + ip(r) + "\",\"srcport\":\"" + r.nextInt(65536)
                    + "\",\"transport\":\"UDP\",\"srcids\":{\"instance\":\"i-" + hex(r, 17) + "\"}}\n");
            case S3_SERVER_ACCESS -> out.write(hex(r, 64) + " data-" + r.nextInt(50) + " [22/Nov/2026:10:" + (10 + r.nextInt(50)) + ":"
                    + (10 + r.nextInt(50)) + " +0000] " + ip(r) + " arn:aws:sts::111122223333:assumed-role/app-role/s" + r.nextInt(500) + " "
                    + hex(r, 16).toUpperCase() + " REST.GET.OBJECT reports/" + hex(r, 12) + ".parquet \"GET /reports/" + hex(r, 12)
                    + ".parquet HTTP/1.1\" 200 - " + r.nextInt(1_000_000) + " " + r.nextInt(1_000_000) + " " + r.nextInt(500) + " "
                    + r.nextInt(100) + " \"-\" \"aws-sdk-java/2.30." + r.nextInt(40) + " Linux/6.1\" - " + hex(r, 56)
                    + "= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader data.s3.eu-west-1.amazonaws.com TLSv1.3 - - eu-west-1\n");
            case ALB -> out.write("https " + time + "." + (100_000 + r.nextInt(900_000)) + "Z app/web/" + hex(r, 16) + " " + ip(r) + ":"
                    + r.nextInt(65536) + " 10.0." + r.nextInt(256) + "." + r.nextInt(256) + ":80 0.000 0.0" + r.nextInt(100) + " 0.000 200 200 "
                    + r.nextInt(2000) + " " + r.nextInt(100_000) + " \"GET https://app.example.com:443/api/orders/" + r.nextInt(100_000)
                    + " HTTP/1.1\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/13" + r.nextInt(10) + ".0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2"
                    + " arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/" + hex(r, 16) + " \"Root=1-" + hex(r, 8) + "-"
                    + hex(r, 24) + "\" \"app.example.com\" \"arn:aws:acm:eu-west-1:111122223333:certificate/" + new UUID(r.nextLong(), n)
                    + "\" 1 " + time + ".000000Z \"forward\" \"-\" \"-\" \"10.0.1.2:80\" \"200\" \"-\" \"-\" TID_" + hex(r, 32) + "\n");
            case NLB -> out.write("tls 2.0 " + time + " net/tls/" + hex(r, 16) + " " + hex(r, 16) + " " + ip(r) + ":" + r.nextInt(65536)
                    + " 10.0." + r.nextInt(256) + "." + r.nextInt(256) + ":443 " + r.nextInt(10_000) + " " + r.nextInt(100) + " "
                    + r.nextInt(10_000) + " " + r.nextInt(100_000) + " - arn:aws:acm:eu-west-1:111122223333:certificate/" + new UUID(r.nextLong(), n)
                    + " - ECDHE-RSA-AES128-SHA tlsv12 - app.example.com h2 h2 \"h2\",\"http/1.1\" " + time + "\n");
            case SECURITY_HUB -> out.write("{\"version\":\"0\",\"id\":\"" + new UUID(r.nextLong(), n) + "\",\"detail-type\":"
                    + "\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\",\"account\":\"111122223333\",\"time\":\""
                    + time + "Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":{\"findings\":[{\"SchemaVersion\":\"2018-10-08\","
                    + "\"Id\":\"arn:aws:securityhub:eu-west-1:111122223333:security-control/S3.8/finding/" + new UUID(r.nextLong(), n)
                    + "\",\"ProductArn\":\"arn:aws:securityhub:eu-west-1::product/aws/securityhub\",\"ProductName\":\"Security Hub\","
                    + "\"GeneratorId\":\"security-control/S3.8\",\"AwsAccountId\":\"111122223333\",\"Types\":[\"Software and"
                    + " Configuration Checks/Industry and Regulatory Standards\"],\"FirstObservedAt\":\"2026-11-01T10:00:00.000Z\","
                    + "\"LastObservedAt\":\"" + time + ".000Z\",\"CreatedAt\":\"2026-11-01T10:00:00.000Z\",\"UpdatedAt\":\"" + time
                    + ".000Z\",\"Severity\":{\"Label\":\"HIGH\",\"Normalized\":70},\"Title\":\"S3 general purpose buckets should block"
                    + " public access\",\"Description\":\"This control checks whether an S3 bucket blocks public access.\","
                    + "\"Remediation\":{\"Recommendation\":{\"Text\":\"For information on how to correct this issue, consult the AWS"
                    + " Security Hub controls documentation.\"}},\"ProductFields\":{\"RelatedAWSResources:0/type\":\"AWS::Config::ConfigRule\"},"
                    + "\"Resources\":[{\"Type\":\"AwsS3Bucket\",\"Id\":\"arn:aws:s3:::data-" + r.nextInt(500) + "\",\"Partition\":\"aws\","
                    + "\"Region\":\"eu-west-1\"}],\"Compliance\":{\"Status\":\"" + (r.nextInt(3) == 0 ? "PASSED" : "FAILED")
                    + "\",\"SecurityControlId\":\"S3.8\"},\"WorkflowState\":\"NEW\",\"Workflow\":{\"Status\":\"NEW\"},\"RecordState\":"
                    + "\"ACTIVE\",\"FindingProviderFields\":{\"Severity\":{\"Label\":\"HIGH\"}},\"Region\":\"eu-west-1\"}]}}\n");
            default -> throw new IllegalArgumentException(type + " is not written one record per line");
        }
    }

    private static String firewall(long epoch) {
        return "{\"firewall_name\":\"egress-fw\",\"availability_zone\":\"eu-west-1a\",\"event_timestamp\":\"" + epoch + "\",\"event\":";
    }

    private static void cloudWatch(Writer out, SplittableRandom r, long n) throws IOException {
        StringBuilder message = new StringBuilder("INFO [" + hex(r, 8) + "] ");
        int words = 5 + r.nextInt(25);
        for (int i = 0; i < words; i++) {
            message.append(WORDS[r.nextInt(WORDS.length)]).append(i % 7 == 3 ? "=" + r.nextInt(10_000) : "").append(' ');
        }
        out.write("2026-11-22T10:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "." + (100 + r.nextInt(900)) + "Z,"
                + message.toString().strip() + (r.nextInt(20) == 0 ? ", with a comma" : "") + "\n");
    }

    private static String ip(SplittableRandom r) {
        return r.nextInt(1, 224) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static String hex(SplittableRandom r, int digits) {
        StringBuilder s = new StringBuilder(digits);
        while (s.length() < digits) {
            s.append(Long.toHexString(r.nextLong() >>> 4));
        }
        return s.substring(0, digits);
    }

    /** Counts the characters written (all ASCII here, so bytes). */
    private static final class CountingWriter extends java.io.FilterWriter {
        long count;

        CountingWriter(Writer out) {
            super(out);
        }

        @Override
        public void write(String text) throws IOException {
            out.write(text);
            count += text.length();
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            out.write(text, offset, length);
            count += length;
        }
    }
}
