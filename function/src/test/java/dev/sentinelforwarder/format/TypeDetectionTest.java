package dev.sentinelforwarder.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TypeDetectionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("keys")
    void readsTheTypeFromTheKeyLayout(String key, LogType expected) {
        assertThat(TypeDetection.fromKey(key)).isEqualTo(Optional.ofNullable(expected));
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                arguments("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/111122223333_CloudTrail_us-east-1_20261122T0900Z_a.json.gz", LogType.CLOUDTRAIL),
                arguments("prefix/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/2026/11/22/x.json.gz", LogType.CLOUDTRAIL),
                arguments("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/22/x.json.gz", LogType.CLOUDTRAIL),
                arguments("AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/5e0c1c2d.jsonl.gz", LogType.GUARDDUTY),
                arguments("AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/10/x.log.gz", LogType.VPCFLOW),
                arguments("flows/AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=22/x.log.gz", LogType.VPCFLOW),
                arguments("AWSLogs/111122223333/CloudWatch/us-east-1/aws_lambda_x/stream/2026/11/22/1-a.csv.gz", LogType.CLOUDWATCH),
                // the log group segment names another service: the service segment comes first and wins
                arguments("AWSLogs/111122223333/CloudWatch/us-east-1/CloudTrail/stream/2026/11/22/1-a.csv.gz", LogType.CLOUDWATCH),
                // a folder outside AWSLogs/ named like a service does not count
                arguments("/data/CloudWatch/AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/a.jsonl.gz", LogType.GUARDDUTY),
                // '+' and '%2B' are characters of a decoded key like any other
                arguments("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/a+b%2Bc.json.gz", LogType.CLOUDTRAIL),
                arguments("AWSLogs/111122223333/WAFLogs/us-east-1/TEST-WEBACL/2021/10/28/19/50/111122223333_waflogs_us-east-1_TEST-WEBACL_20211028T1950Z_e0ca43b5.log.gz", LogType.WAF),
                arguments("AWSLogs/123456779121/WAFLogs/cloudfront/acl/2021/10/28/19/50/x.log.gz", LogType.WAF),
                arguments("//AWSLogs/111122223333/network-firewall/flow/us-east-1/fw/2020/10/01/19/111122223333_network-firewall_flow_us-east-1_fw_202010011920_44442222.log.gz", LogType.NETWORK_FIREWALL_FLOW),
                arguments("AWSLogs/111122223333/network-firewall/alert/us-east-1/fw/2020/10/01/19/x.log.gz", LogType.NETWORK_FIREWALL_ALERT),
                arguments("AWSLogs/111122223333/network-firewall/tls/us-east-1/fw/2020/10/01/19/x.log.gz", LogType.NETWORK_FIREWALL_TLS),
                arguments("AWSLogs/111122223333/network-firewall/other/us-east-1/fw/x.log.gz", null),
                arguments("AWSLogs/012345678910/vpcdnsquerylogs/vpc-0123456789abcdf12/2023/02/15/vpc-0123456789abcdf12_vpcdnsquerylogs_012345678910_20230215T0000Z_213be99c.log.gz", LogType.ROUTE53_RESOLVER),
                arguments("AWSLogs/123456789012/elasticloadbalancing/us-east-2/2016/05/01/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz", LogType.ALB),
                arguments("AWSLogs/123456789012/elasticloadbalancing/us-east-2/2020/05/01/123456789012_elasticloadbalancing_us-east-2_net.my-loadbalancer.1234567890abcdef_20200501T0000Z_20sg8hgm.log.gz", LogType.NLB),
                arguments("AWSLogs/123456789012/elasticloadbalancing/us-east-2/2020/05/01/other.log.gz", null),
                arguments("AWSLogs/123456789012/SecurityHubFindings/2025/08/19/01/MSSentinel-SecurityHub-FirehoseDeliveryStream-1-2025-08-19-01-50-00-0c6b2d44.gz", LogType.SECURITY_HUB),
                arguments("access-logs/2022-10-03-10-13-50-A211246203787B7F", LogType.S3_SERVER_ACCESS),
                arguments("logs/111122223333/us-east-1/source-bucket/2024/05/01/2024-05-01-00-00-00-A211246203787B7F", LogType.S3_SERVER_ACCESS),
                arguments("access-logs/2022-10-03-10-13-50-notHex0000000000", null),
                arguments("exports/2026/11/22/flows.log.gz", null),
                arguments("CloudTrail", null));
    }

    @Test
    void recognisesDigestKeys() {
        assertThat(TypeDetection.isCloudTrailDigestKey(
                "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/22/x_CloudTrail-Digest_y.json.gz")).isTrue();
        assertThat(TypeDetection.isCloudTrailDigestKey("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/x.json.gz")).isFalse();
    }

    @Test
    void recognisesTheObjectElbWritesToTestTheBucket() {
        byte[] none = new byte[0];
        assertThat(TypeDetection.isElbTestFile("AWSLogs/123456789012/ELBAccessLogTestFile", none)).isTrue();
        assertThat(TypeDetection.isElbTestFile("copied/test.log",
                "Enable AccessLog for ELB: app/elb-name/abc123456 at 2025-05-30T16:47:00.781Z".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(TypeDetection.isElbTestFile("AWSLogs/123456789012/elasticloadbalancing/x.log.gz",
                "https 2018-07-02T22:23:00Z".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("contents")
    void sniffsTheTypeFromTheFirstBytes(String content, LogType expected) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertThat(TypeDetection.fromContent(bytes, bytes.length)).isEqualTo(Optional.ofNullable(expected));
    }

    static Stream<Arguments> contents() {
        return Stream.of(
                arguments("{\"Records\":[{\"eventVersion\":\"1.08\"", LogType.CLOUDTRAIL),
                arguments("  [\n {\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventSource\":\"s3.amazonaws.com\"", LogType.CLOUDTRAIL),
                arguments("{\"awsAccountId\":\"1\",\"digestStartTime\":\"2026-11-22T09:00:00Z\"", LogType.CLOUDTRAIL),
                arguments("{\"schemaVersion\":\"2.0\",\"accountId\":\"1\",\"severity\":5", LogType.GUARDDUTY),
                arguments("version account-id interface-id srcaddr\n2 1 eni-1 10.0.0.1\n", LogType.VPCFLOW),
                arguments("interface-id srcaddr dstaddr\n", LogType.VPCFLOW),
                arguments("2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1795341600 1795341660 ACCEPT OK\n", LogType.VPCFLOW),
                arguments("2026-11-22T10:15:30.123Z,hello\n", LogType.CLOUDWATCH),
                arguments("1795342530123,hello\n", LogType.CLOUDWATCH),
                arguments("{\"timestamp\":1795342530123,\"message\":\"m\"}\n", LogType.CLOUDWATCH),
                arguments("{\"timestamp\":1795341600123,\"formatVersion\":1,\"webaclId\":\"arn:aws:wafv2:x\"}\n", LogType.WAF),
                arguments("{\"firewall_name\":\"fw\",\"event_timestamp\":\"1\",\"event\":{\"event_type\":\"netflow\"}}\n", LogType.NETWORK_FIREWALL_FLOW),
                arguments("{\n  \"firewall_name\": \"fw\",\n  \"event_timestamp\": \"1\",\n  \"event\": {\"event_type\": \"alert\"}\n}\n", LogType.NETWORK_FIREWALL_ALERT),
                arguments("{\"firewall_name\":\"fw\",\"event_timestamp\":1,\"event\":{\"sni\":\"a\"}}\n", LogType.NETWORK_FIREWALL_TLS),
                arguments("{\"version\":\"1.100000\",\"query_timestamp\":\"2023-02-15T18:33:54Z\",\"query_name\":\"a.\"}\n", LogType.ROUTE53_RESOLVER),
                arguments("{\"version\":\"0\",\"detail-type\":\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\"}\n", LogType.SECURITY_HUB),
                arguments("{\"SchemaVersion\":\"2018-10-08\",\"Id\":\"x\",\"ProductArn\":\"arn\"}", LogType.SECURITY_HUB),
                arguments("https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\"\n", LogType.ALB),
                arguments("tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - x\n", LogType.NLB),
                arguments("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - 3E57 REST.GET.VERSIONING - \"GET /b?versioning HTTP/1.1\" 200 - 113 - 7 - \"-\" \"S3Console/0.4\" -\n", LogType.S3_SERVER_ACCESS),
                arguments("hello world\n", null),
                arguments("{\"some\":\"json\"}", null));
    }
}
