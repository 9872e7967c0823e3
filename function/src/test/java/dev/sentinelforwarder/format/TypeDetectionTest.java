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
                arguments("exports/2026/11/22/flows.log.gz", null),
                arguments("CloudTrail", null));
    }

    @Test
    void recognisesDigestKeys() {
        assertThat(TypeDetection.isCloudTrailDigestKey(
                "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/22/x_CloudTrail-Digest_y.json.gz")).isTrue();
        assertThat(TypeDetection.isCloudTrailDigestKey("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/x.json.gz")).isFalse();
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
                arguments("hello world\n", null),
                arguments("{\"some\":\"json\"}", null));
    }
}
