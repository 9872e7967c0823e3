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
                case GUARDDUTY -> {
                    while (text.count < target) {
                        guardDuty(text, random, records++);
                    }
                }
                case VPCFLOW -> {
                    text.write("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action"
                            + " log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id"
                            + " pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path\n");
                    while (text.count < target) {
                        vpc(text, random, records++);
                    }
                }
                case CLOUDWATCH -> {
                    while (text.count < target) {
                        cloudWatch(text, random, records++);
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
