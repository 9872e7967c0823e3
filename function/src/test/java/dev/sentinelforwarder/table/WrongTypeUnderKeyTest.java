package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Another log's content under each of the thirteen types' keys becomes no row: every record of it is quarantined
 * (or, under a CloudWatch key, where any line of text is a message, the object is, when it is plainly another log).
 * The content is each source's real sample, the key another type's, as a misrouted delivery or prefix would make.
 */
class WrongTypeUnderKeyTest {
    private static final Path LOGS = Path.of("..", "samples", "objects", "example-log-bucket", "AWSLogs", "111122223333");
    private static final String CLOUDTRAIL = "CloudTrail/us-east-1/2024/08/02/111122223333_CloudTrail_us-east-1_20240802T0900Z_stratusRedTeam.json.gz";
    private static final String GUARDDUTY = "GuardDuty/us-east-1/2026/11/22/5e0c1c2d-7c1e-3a8b-9b1e-4d9f1a2b3c4d.jsonl.gz";
    private static final String VPCFLOW = "vpcflowlogs/us-east-1/2026/11/22/111122223333_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261122T1000Z_9f8e7d6c.log.gz";
    private static final String CLOUDWATCH = "CloudWatch/us-east-1/aws_lambda_payments-api/2026_11_22_LATEST_6f1c2a7e/2026/11/22/"
            + "1795342530123-6f1c2a7e-0000-4000-8000-000000000001.csv.gz";
    private static final String WAF = "WAFLogs/us-east-1/app-acl/2026/11/22/10/00/111122223333_waflogs_us-east-1_app-acl_20261122T1000Z_1a2b3c4d.log.gz";
    private static final String FLOW = "network-firewall/flow/us-east-1/egress-fw/2026/11/22/10/"
            + "111122223333_network-firewall_flow_us-east-1_egress-fw_202611221000_44442222.log.gz";
    private static final String ALERT = FLOW.replace("flow", "alert");
    private static final String TLS = FLOW.replace("flow", "tls");
    private static final String ROUTE53 = "vpcdnsquerylogs/vpc-0a1b2c3d4e5f60718/2026/11/22/"
            + "vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20261122T1000Z_213be99c.log.gz";
    private static final String S3_ACCESS = "S3AccessLogs/2026-11-22-10-13-50-A211246203787B7F";
    private static final String ALB = "elasticloadbalancing/us-east-1/2026/11/22/"
            + "111122223333_elasticloadbalancing_us-east-1_app.web.50dc6c495c0c9188_20261122T1005Z_10.0.1.2_2m1m3x4a.log.gz";
    private static final String NLB = "elasticloadbalancing/us-east-1/2026/11/22/"
            + "111122223333_elasticloadbalancing_us-east-1_net.tls.c6e77e28c25b2234_20261122T1005Z_2kh4yg7a.log.gz";
    private static final String SECURITY_HUB = "SecurityHubFindings/2026/11/22/10/"
            + "SentinelForwarder-SecurityHub-1-2026-11-22-10-05-00-0c6b2d44-0d6c-4a44-9a53-2a1f4f1c8e11.gz";

    /** The key's type, its sample's key, and the sample whose content goes under it. */
    static Stream<Arguments> misplaced() {
        return Stream.of(
                arguments(LogType.CLOUDTRAIL, CLOUDTRAIL, GUARDDUTY),
                arguments(LogType.GUARDDUTY, GUARDDUTY, WAF),
                arguments(LogType.VPCFLOW, VPCFLOW, ALB),
                arguments(LogType.CLOUDWATCH, CLOUDWATCH, CLOUDTRAIL),
                arguments(LogType.WAF, WAF, ROUTE53),
                arguments(LogType.NETWORK_FIREWALL_FLOW, FLOW, WAF),
                arguments(LogType.NETWORK_FIREWALL_ALERT, ALERT, SECURITY_HUB),
                arguments(LogType.NETWORK_FIREWALL_TLS, TLS, GUARDDUTY),
                arguments(LogType.ROUTE53_RESOLVER, ROUTE53, FLOW),
                arguments(LogType.S3_SERVER_ACCESS, S3_ACCESS, ALB),
                arguments(LogType.ALB, ALB, VPCFLOW),
                arguments(LogType.ALB, ALB, NLB),
                arguments(LogType.NLB, NLB, ALB),
                arguments(LogType.SECURITY_HUB, SECURITY_HUB, GUARDDUTY));
    }

    @ParameterizedTest(name = "{2} under a {0} key")
    @MethodSource("misplaced")
    void becomesNoRowAndIsQuarantined(LogType keyType, String key, String content) throws IOException {
        String text = text(content);

        SampleRows converted = SampleRows.text("AWSLogs/111122223333/" + key, text);

        assertThat(converted.report.type()).isEqualTo(keyType);
        assertThat(converted.rows).as("rows from another log's content").isEmpty();
        assertThat(converted.problems).isNotEmpty();
        if (converted.problems.getFirst().kind() == Problem.Kind.OBJECT) {
            assertThat(converted.problems).singleElement().extracting(Problem::reason).asString()
                    .startsWith("the content is cloudtrail, not " + keyType.id() + " as the key says");
        } else {
            assertThat(converted.problems).as("one entry for every record read").hasSize((int) converted.report.records());
        }
    }

    /** The sample's text, decompressed when it is gzip. */
    private static String text(String key) throws IOException {
        byte[] bytes = Files.readAllBytes(LOGS.resolve(key));
        if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(LOGS.resolve(key)))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
