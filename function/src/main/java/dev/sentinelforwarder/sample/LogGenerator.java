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
    /** Services and calls as a busy account's trail has them, each with the request parameters its call takes. */
    private static final String[][] CALLS = {
        {"s3.amazonaws.com", "GetObject", "Data"}, {"s3.amazonaws.com", "PutObject", "Data"}, {"s3.amazonaws.com", "ListObjects", "Data"},
        {"s3.amazonaws.com", "HeadObject", "Data"}, {"s3.amazonaws.com", "GetBucketAcl", "Management"},
        {"sts.amazonaws.com", "AssumeRole", "Management"}, {"sts.amazonaws.com", "GetCallerIdentity", "Management"},
        {"ec2.amazonaws.com", "DescribeInstances", "Management"}, {"ec2.amazonaws.com", "RunInstances", "Management"},
        {"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "Management"}, {"kms.amazonaws.com", "Decrypt", "Management"},
        {"kms.amazonaws.com", "GenerateDataKey", "Management"}, {"logs.amazonaws.com", "CreateLogStream", "Management"},
        {"dynamodb.amazonaws.com", "DescribeTable", "Management"}, {"lambda.amazonaws.com", "Invoke", "Data"},
        {"iam.amazonaws.com", "CreateAccessKey", "Management"}, {"iam.amazonaws.com", "AttachRolePolicy", "Management"},
        {"signin.amazonaws.com", "ConsoleLogin", "Management"}, {"secretsmanager.amazonaws.com", "GetSecretValue", "Management"},
        {"ssm.amazonaws.com", "GetParameters", "Management"}, {"sqs.amazonaws.com", "SendMessage", "Data"},
        {"cloudformation.amazonaws.com", "DescribeStacks", "Management"}};
    private static final String[] AGENTS = {"aws-cli/2.%d.%d md/awscrt#0.19.%d ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.%d",
        "Boto3/1.34.%d md/Botocore#1.34.%d ua/2.0 os/linux#5.10.%d lang/python#3.12.%d exec-env/AWS_Lambda_python3.12",
        "aws-sdk-java/2.30.%d Linux/6.1.%d OpenJDK_64-Bit_Server_VM/21.0.%d+%d Java/21 vendor/Amazon.com_Inc.",
        "aws-sdk-go-v2/1.30.%d os/linux lang/go#1.22.%d md/GOOS#linux md/GOARCH#arm64 api/ec2#1.1%d.%d",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13%d.0.%d.%d Safari/537.%d",
        "APN/1.0 HashiCorp/1.0 Terraform/1.%d.%d (+https://www.terraform.io) terraform-provider-aws/5.%d.%d",
        "AWS Internal", "cloudformation.amazonaws.com", "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.%d]"};
    private static final String[] REGIONS = {"eu-west-1", "eu-west-1", "eu-west-1", "us-east-1", "us-east-1", "eu-central-1", "ap-southeast-2"};
    private static final String[] ERRORS = {"AccessDenied", "ThrottlingException", "NoSuchKey", "ResourceNotFoundException",
        "Client.UnauthorizedOperation", "ValidationException"};
    private static final String[] FINDINGS = {"Recon:EC2/PortProbeUnprotectedPort", "UnauthorizedAccess:EC2/SSHBruteForce",
        "Backdoor:EC2/C&CActivity.B!DNS", "CryptoCurrency:EC2/BitcoinTool.B", "Trojan:EC2/DNSDataExfiltration",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "Recon:IAMUser/MaliciousIPCaller",
        "Policy:S3/BucketBlockPublicAccessDisabled", "Discovery:S3/MaliciousIPCaller", "Impact:EC2/PortSweep"};
    private static final String[] COUNTRIES = {"Germany", "United States", "Netherlands", "China", "Brazil", "Russia", "Viet Nam", "India"};
    private static final String[] WORDS = {"request", "completed", "user", "order", "payment", "cache", "miss", "retry",
        "timeout", "session", "token", "refreshed", "queue", "message", "processed", "latency", "ms", "status", "ok", "error",
        "connection", "pool", "exhausted", "upstream", "returned", "invalid", "signature", "customer", "checkout", "inventory"};
    private static final String[] PATHS = {"/api/orders/%d", "/api/customers/%d/profile", "/api/cart/%d/items", "/health",
        "/api/search?q=item%d", "/api/payments/%d/capture", "/static/js/app.%x.js", "/login"};

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

    /**
     * One API call: the caller (an assumed role, an IAM user, a service or root, from a few hundred principals of a
     * dozen accounts), its address, client and region vary, and so do the call and its parameters, errors included.
     */
    private static void cloudTrail(Writer out, SplittableRandom r, long n) throws IOException {
        String account = "1111222233" + (10 + r.nextInt(12));
        String[] call = CALLS[r.nextInt(CALLS.length)];
        String region = REGIONS[r.nextInt(REGIONS.length)];
        int kind = r.nextInt(20);
        String identity;
        if (kind < 14) {
            String role = "app-role-" + r.nextInt(40);
            String session = r.nextBoolean() ? "user-" + r.nextInt(300) + "@example.com" : "i-" + hex(r, 17);
            identity = "{\"type\":\"AssumedRole\",\"principalId\":\"AROA" + hex(r, 17).toUpperCase() + ":" + session + "\",\"arn\":"
                    + "\"arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session + "\",\"accountId\":\"" + account
                    + "\",\"accessKeyId\":\"ASIA" + hex(r, 16).toUpperCase() + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":"
                    + "\"Role\",\"principalId\":\"AROA" + hex(r, 17).toUpperCase() + "\",\"arn\":\"arn:aws:iam::" + account + ":role/"
                    + role + "\",\"accountId\":\"" + account + "\",\"userName\":\"" + role + "\"},\"attributes\":{\"creationDate\":"
                    + "\"2026-11-22T0" + r.nextInt(10) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "Z\",\"mfaAuthenticated\":\""
                    + (r.nextInt(10) == 0) + "\"}}}";
        } else if (kind < 17) {
            String user = "svc-" + r.nextInt(80);
            identity = "{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + hex(r, 17).toUpperCase() + "\",\"arn\":\"arn:aws:iam::"
                    + account + ":user/" + user + "\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"AKIA" + hex(r, 16).toUpperCase()
                    + "\",\"userName\":\"" + user + "\"}";
        } else if (kind < 19) {
            identity = "{\"type\":\"AWSService\",\"invokedBy\":\"" + CALLS[r.nextInt(CALLS.length)][0] + "\"}";
        } else {
            identity = "{\"type\":\"Root\",\"principalId\":\"" + account + "\",\"arn\":\"arn:aws:iam::" + account + ":root\","
                    + "\"accountId\":\"" + account + "\",\"accessKeyId\":\"\"}";
        }
        String agent = String.format(AGENTS[r.nextInt(AGENTS.length)], r.nextInt(30), r.nextInt(300), r.nextInt(30), r.nextInt(20));
        String source = kind >= 17 && kind < 19 ? CALLS[r.nextInt(CALLS.length)][0] : r.nextInt(3) == 0 ? "10." + r.nextInt(256) + "."
                + r.nextInt(256) + "." + r.nextInt(1, 255) : ip(r);
        String error = r.nextInt(12) == 0 ? ERRORS[r.nextInt(ERRORS.length)] : null;
        boolean data = call[2].equals("Data");
        out.write("{\"eventVersion\":\"1.1" + r.nextInt(2) + "\",\"userIdentity\":" + identity + ",\"eventTime\":\"2026-11-22T1"
                + r.nextInt(10) + ":" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "Z\",\"eventSource\":\"" + call[0]
                + "\",\"eventName\":\"" + call[1] + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + source
                + "\",\"userAgent\":\"" + agent + "\"" + (error == null ? "" : ",\"errorCode\":\"" + error + "\",\"errorMessage\":\"User: "
                + "arn:aws:iam::" + account + ":user/svc-" + r.nextInt(80) + " is not authorized to perform: " + call[0].split("\\.")[0] + ":"
                + call[1] + "\"") + ",\"requestParameters\":" + requestParameters(call, region, r) + ",\"responseElements\":"
                + (error == null && call[1].equals("AssumeRole") ? "{\"credentials\":{\"accessKeyId\":\"ASIA" + hex(r, 16).toUpperCase()
                + "\",\"sessionToken\":\"" + hex(r, 120) + "\",\"expiration\":\"Nov 22, 2026, 11:" + (10 + r.nextInt(50)) + ":00 AM\"},"
                + "\"assumedRoleUser\":{\"assumedRoleId\":\"AROA" + hex(r, 17).toUpperCase() + ":s" + r.nextInt(1000) + "\"}}" : "null")
                + (data ? ",\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                + "\"bytesTransferredIn\":0,\"bytesTransferredOut\":" + r.nextInt(5_000_000) + ",\"x-amz-id-2\":\"" + hex(r, 56) + "\"}" : "")
                + ",\"requestID\":\"" + (r.nextBoolean() ? hex(r, 16).toUpperCase() : new UUID(r.nextLong(), r.nextLong()).toString())
                + "\",\"eventID\":\"" + new UUID(r.nextLong(), n) + "\",\"readOnly\":" + call[1].matches("(Get|Describe|List|Head).*")
                + (data ? ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::data-" + r.nextInt(60) + "/"
                + hex(r, 12) + "\"},{\"accountId\":\"" + account + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::data-"
                + r.nextInt(60) + "\"}]" : "") + ",\"eventType\":\"" + (call[1].equals("ConsoleLogin") ? "AwsConsoleSignIn" : "AwsApiCall")
                + "\",\"managementEvent\":" + !data + ",\"recipientAccountId\":\"" + account + "\",\"eventCategory\":\"" + call[2] + "\""
                + (r.nextInt(4) == 0 ? "" : ",\"tlsDetails\":{\"tlsVersion\":\"TLSv1." + (2 + r.nextInt(2)) + "\",\"cipherSuite\":"
                + "\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"" + call[0].replace("amazonaws.com", region + ".amazonaws.com")
                + "\"}") + "}");
    }

    private static String requestParameters(String[] call, String region, SplittableRandom r) {
        return switch (call[0]) {
            case "s3.amazonaws.com" -> "{\"bucketName\":\"data-" + r.nextInt(60) + "\",\"Host\":\"data-" + r.nextInt(60) + ".s3." + region
                    + ".amazonaws.com\",\"key\":\"" + (r.nextBoolean() ? "reports/2026/11/" : "uploads/u" + r.nextInt(5000) + "/") + hex(r, 12)
                    + (r.nextBoolean() ? ".parquet" : ".json") + "\"}";
            case "sts.amazonaws.com" -> call[1].equals("AssumeRole") ? "{\"roleArn\":\"arn:aws:iam::1111222233" + (10 + r.nextInt(12))
                    + ":role/app-role-" + r.nextInt(40) + "\",\"roleSessionName\":\"s" + r.nextInt(1000) + "\",\"durationSeconds\":"
                    + (900 * (1 + r.nextInt(4))) + "}" : "null";
            case "ec2.amazonaws.com" -> "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-" + hex(r, 17) + "\"}]},\"filterSet\":{"
                    + "\"items\":[{\"name\":\"tag:env\",\"valueSet\":{\"items\":[{\"value\":\"" + (r.nextBoolean() ? "prod" : "dev")
                    + "\"}]}}]},\"groupId\":\"sg-" + hex(r, 17) + "\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":"
                    + r.nextInt(65536) + "}]}}";
            case "kms.amazonaws.com" -> "{\"keyId\":\"arn:aws:kms:" + region + ":111122223333:key/" + new UUID(r.nextLong(), r.nextLong())
                    + "\",\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{\"aws:s3:arn\":\"arn:aws:s3:::data-"
                    + r.nextInt(60) + "/" + hex(r, 10) + "\"}}";
            case "iam.amazonaws.com" -> "{\"userName\":\"svc-" + r.nextInt(80) + "\",\"policyArn\":\"arn:aws:iam::aws:policy/"
                    + (r.nextBoolean() ? "ReadOnlyAccess" : "AdministratorAccess") + "\"}";
            case "signin.amazonaws.com" -> "null";
            default -> "{\"name\":\"" + call[1].toLowerCase(java.util.Locale.ROOT) + "-" + hex(r, 8) + "\",\"maxResults\":"
                    + (10 * (1 + r.nextInt(10))) + "}";
        };
    }

    /** One finding: its account, region, type, resource (an instance or an access key) and the action seen vary. */
    private static void guardDuty(Writer out, SplittableRandom r, long n) throws IOException {
        String id = hex(r, 32);
        String account = "1111222233" + (10 + r.nextInt(12));
        String region = REGIONS[r.nextInt(REGIONS.length)];
        String type = FINDINGS[r.nextInt(FINDINGS.length)];
        boolean instance = type.contains(":EC2/");
        String remote = "{\"ipAddressV4\":\"" + ip(r) + "\",\"organization\":{\"asn\":\"" + r.nextInt(65536) + "\",\"asnOrg\":\"AS"
                + r.nextInt(65536) + " Networks\",\"isp\":\"ISP " + r.nextInt(500) + "\",\"org\":\"Org " + r.nextInt(500) + "\"},"
                + "\"country\":{\"countryName\":\"" + COUNTRIES[r.nextInt(COUNTRIES.length)] + "\"},\"city\":{\"cityName\":\"City "
                + r.nextInt(300) + "\"},\"geoLocation\":{\"lat\":" + (r.nextInt(18000) / 100.0 - 90) + ",\"lon\":" + (r.nextInt(36000) / 100.0 - 180) + "}}";
        String resource = instance ? "{\"resourceType\":\"Instance\",\"instanceDetails\":{\"instanceId\":\"i-" + hex(r, 17)
                + "\",\"instanceType\":\"" + (r.nextBoolean() ? "m5.large" : "t3.micro") + "\",\"launchTime\":\"2026-11-0" + (1 + r.nextInt(9))
                + "T10:00:00.000Z\",\"imageId\":\"ami-" + hex(r, 17) + "\",\"networkInterfaces\":[{\"privateIpAddress\":\"10." + r.nextInt(256)
                + "." + r.nextInt(256) + "." + r.nextInt(1, 255) + "\",\"subnetId\":\"subnet-" + hex(r, 17) + "\",\"vpcId\":\"vpc-" + hex(r, 17)
                + "\",\"securityGroups\":[{\"groupId\":\"sg-" + hex(r, 17) + "\",\"groupName\":\"sg-" + r.nextInt(50) + "\"}]}],"
                + "\"tags\":[{\"key\":\"env\",\"value\":\"" + (r.nextBoolean() ? "prod" : "staging") + "\"},{\"key\":\"team\",\"value\":\"t"
                + r.nextInt(30) + "\"}]}}" : "{\"resourceType\":\"AccessKey\",\"accessKeyDetails\":{\"accessKeyId\":\"ASIA" + hex(r, 16).toUpperCase()
                + "\",\"principalId\":\"AROA" + hex(r, 17).toUpperCase() + ":s" + r.nextInt(1000) + "\",\"userName\":\"app-role-" + r.nextInt(40)
                + "\",\"userType\":\"AssumedRole\"}}";
        String action = instance && r.nextBoolean() ? "{\"actionType\":\"PORT_PROBE\",\"portProbeAction\":{\"blocked\":false,"
                + "\"portProbeDetails\":[{\"localPortDetails\":{\"port\":" + r.nextInt(65536) + ",\"portName\":\"Unknown\"},"
                + "\"remoteIpDetails\":" + remote + "}]}}" : instance ? "{\"actionType\":\"NETWORK_CONNECTION\",\"networkConnectionAction\":{"
                + "\"connectionDirection\":\"" + (r.nextBoolean() ? "INBOUND" : "OUTBOUND") + "\",\"protocol\":\"TCP\",\"blocked\":false,"
                + "\"localPortDetails\":{\"port\":" + r.nextInt(65536) + "},\"remotePortDetails\":{\"port\":" + r.nextInt(65536) + "},"
                + "\"remoteIpDetails\":" + remote + "}}" : "{\"actionType\":\"AWS_API_CALL\",\"awsApiCallAction\":{\"api\":\""
                + CALLS[r.nextInt(CALLS.length)][1] + "\",\"serviceName\":\"" + CALLS[r.nextInt(CALLS.length)][0] + "\",\"callerType\":"
                + "\"Remote IP\",\"remoteIpDetails\":" + remote + "}}";
        int minute = 10 + r.nextInt(50);
        out.write("{\"schemaVersion\":\"2.0\",\"accountId\":\"" + account + "\",\"region\":\"" + region + "\",\"partition\":\"aws\","
                + "\"id\":\"" + id + "\",\"arn\":\"arn:aws:guardduty:" + region + ":" + account + ":detector/" + hex(r, 32) + "/finding/" + id
                + "\",\"type\":\"" + type + "\",\"resource\":" + resource + ",\"service\":{\"serviceName\":\"guardduty\",\"detectorId\":\""
                + hex(r, 32) + "\",\"action\":" + action + ",\"archived\":false,\"count\":" + (1 + r.nextInt(500))
                + ",\"eventFirstSeen\":\"2026-11-2" + r.nextInt(3) + "T0" + r.nextInt(10) + ":" + minute + ":00.000Z\",\"eventLastSeen\":"
                + "\"2026-11-22T09:" + minute + ":" + (10 + r.nextInt(50)) + ".000Z\",\"resourceRole\":\"" + (r.nextInt(4) == 0 ? "ACTOR" : "TARGET")
                + "\",\"additionalInfo\":{\"value\":\"{\\\"threatListName\\\":\\\"ProofPoint\\\"}\",\"type\":\"default\"}},"
                + "\"severity\":" + (1 + r.nextInt(8)) + "." + r.nextInt(10) + ",\"createdAt\":\"2026-11-22T08:" + minute + ":00.000Z\","
                + "\"updatedAt\":\"2026-11-22T09:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "." + (100 + r.nextInt(900)) + "Z\","
                + "\"title\":\"" + type.substring(type.indexOf(':') + 1) + " seen on " + (instance ? "EC2 instance i-" + hex(r, 17)
                : "credentials of app-role-" + r.nextInt(40)) + ".\",\"description\":\"" + type + " was seen from " + ip(r) + " ("
                + COUNTRIES[r.nextInt(COUNTRIES.length)] + ") against resources of account " + account + ".\"}\n");
    }

    /** One flow of a few hundred interfaces in a dozen accounts: TCP, UDP and ICMP, private and public peers. */
    private static void vpc(Writer out, SplittableRandom r, long n) throws IOException {
        long start = 1795341600L + r.nextInt(3600);
        int eni = r.nextInt(300);
        String account = "1111222233" + (10 + eni % 12);
        out.write("5 " + account + " eni-0" + Long.toHexString(0x1a2b3c4d5e6f7080L + eni * 7919L) + " ");
        if (r.nextInt(50) == 0) {
            out.write("- - - - - - - " + start + " " + (start + 60) + " - NODATA - - - - - - - - - - - - -\n");
            return;
        }
        int protocol = r.nextInt(10) < 7 ? 6 : r.nextInt(3) == 0 ? 1 : 17;
        boolean inbound = r.nextBoolean();
        String local = "10." + (eni % 8) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
        String peer = r.nextInt(3) == 0 ? "10." + r.nextInt(8) + "." + r.nextInt(256) + "." + r.nextInt(1, 255) : ip(r);
        int service = r.nextInt(10) < 6 ? new int[] {443, 80, 22, 53, 5432, 3306, 6379, 8080}[r.nextInt(8)] : r.nextInt(1024, 65536);
        int ephemeral = r.nextInt(32768, 65536);
        String ports = protocol == 1 ? "0 0" : inbound ? ephemeral + " " + service : service + " " + ephemeral;
        out.write((inbound ? peer + " " + local : local + " " + peer) + " " + ports + " " + protocol + " " + (1 + r.nextInt(5000)) + " "
                + (40 + r.nextInt(5_000_000)) + " " + start + " " + (start + 60) + " " + (r.nextInt(10) == 0 ? "REJECT" : "ACCEPT")
                + " OK vpc-0abc1234def5678" + (eni % 12) + " subnet-0123abcd4567ef8" + (eni % 40) + " i-0a1b2c3d4e5f60" + (eni % 200)
                + " " + (protocol == 6 ? new int[] {2, 3, 18, 19, 27}[r.nextInt(5)] : 0) + " IPv4 " + (inbound ? peer + " " + local : local + " " + peer)
                + " " + REGIONS[eni % REGIONS.length] + " euw1-az" + (1 + eni % 3) + " " + (r.nextInt(8) == 0 ? "S3" : "-") + " "
                + (r.nextInt(8) == 0 ? "DYNAMODB" : "-") + " " + (inbound ? "ingress" : "egress") + " " + (1 + r.nextInt(8)) + "\n");
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

    /**
     * One line of an application's log group: Lambda's START, END and REPORT lines, structured JSON, plain text with
     * values, and now and then a stack trace line, each with the request id, path, user and figures that vary.
     */
    private static void cloudWatch(Writer out, SplittableRandom r, long n) throws IOException {
        String request = new UUID(r.nextLong(), r.nextLong()).toString();
        String time = "2026-11-22T10:" + (10 + r.nextInt(50)) + ":" + (10 + r.nextInt(50)) + "." + (100 + r.nextInt(900)) + "Z";
        String path = String.format(PATHS[r.nextInt(PATHS.length)], r.nextInt(100_000));
        String message = switch (r.nextInt(10)) {
            case 0 -> "START RequestId: " + request + " Version: $LATEST";
            case 1 -> "END RequestId: " + request;
            case 2 -> "REPORT RequestId: " + request + "\tDuration: " + r.nextInt(3000) + "." + r.nextInt(100) + " ms\tBilled Duration: "
                    + r.nextInt(3000) + " ms\tMemory Size: 1024 MB\tMax Memory Used: " + (80 + r.nextInt(900)) + " MB";
            case 3, 4, 5 -> "\"{\"\"level\"\":\"\"" + (r.nextInt(10) == 0 ? "error" : "info") + "\"\",\"\"requestId\"\":\"\"" + request
                    + "\"\",\"\"method\"\":\"\"" + (r.nextBoolean() ? "GET" : "POST") + "\"\",\"\"path\"\":\"\"" + path + "\"\",\"\"status\"\":"
                    + (r.nextInt(10) == 0 ? 500 : 200) + ",\"\"durationMs\"\":" + r.nextInt(2000) + "." + r.nextInt(10) + ",\"\"userId\"\":\"\"u-"
                    + hex(r, 10) + "\"\",\"\"ip\"\":\"\"" + ip(r) + "\"\"}\"";
            case 6 -> "\tat com.example.orders." + WORDS[r.nextInt(WORDS.length)] + ".Handler.handle(Handler.java:" + r.nextInt(400) + ")";
            default -> {
                StringBuilder text = new StringBuilder(r.nextInt(5) == 0 ? "WARN " : "INFO ").append(request).append(' ');
                int words = 4 + r.nextInt(16);
                for (int i = 0; i < words; i++) {
                    text.append(WORDS[r.nextInt(WORDS.length)]).append(i % 5 == 2 ? "=" + r.nextInt(100_000) : "").append(' ');
                }
                yield text.append(path).toString();
            }
        };
        out.write(time + "," + message + "\n");
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
