package dev.sentinelforwarder.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The account, organization and region of the key layouts AWS writes, and of keys that name none. */
class KeyOriginTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/22/111122223333_CloudTrail_eu-west-1_20261122T1005Z_a.json.gz, 111122223333, -, eu-west-1",
            "AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/11/22/444455556666_CloudTrail_us-east-1_x.json.gz, 444455556666, o-a1b2c3d4e5, us-east-1",
            "control-tower/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail-Digest/us-east-1/2026/11/22/x.json.gz, 444455556666, o-a1b2c3d4e5, us-east-1",
            "AWSLogs/777788889999/GuardDuty/ap-southeast-2/2026/11/22/5e0c1c2d.jsonl.gz, 777788889999, -, ap-southeast-2",
            "flows/AWSLogs/111122223333/vpcflowlogs/us-gov-west-1/2026/11/22/f.log.gz, 111122223333, -, us-gov-west-1",
            "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=eu-central-2/year=2026/month=11/day=22/f.log.gz, 111122223333, -, eu-central-2",
            "AWSLogs/111122223333/network-firewall/alert/eu-north-1/2026/11/22/10/f.log.gz, 111122223333, -, eu-north-1",
            "AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2026/11/22/q.log.gz, 111122223333, -, -",
            "AWSLogs/111122223333/WAFLogs/cloudfront/acl/2026/11/22/10/05/w.log.gz, 111122223333, -, -",
            "AWSLogs/111122223333/elasticloadbalancing/cn-north-1/2026/11/22/111122223333_elasticloadbalancing_cn-north-1_app.x.log.gz, 111122223333, -, cn-north-1",
            "logs/2026-11-22-10-13-50-A211246203787B7F, -, -, -",
            "firehose/securityhub/2026/11/22/10/hub-1-2026-11-22-10-05-00-abc.gz, -, -, -",
            "AWSLogs/11112222333/CloudTrail/eu-west-1/x.json.gz, -, -, -",
            "AWSLogs/o-a1b2c3d4e5/not-an-account/CloudTrail/x.json.gz, -, o-a1b2c3d4e5, -",
            "AWSLogs/111122223333, -, -, -",
            "some/AWSLogs, -, -, -",
            "AWSLogs/111122223333/AWSLogs/222233334444/GuardDuty/eu-west-1/f.jsonl.gz, 222233334444, -, eu-west-1",
            "'', -, -, -"})
    void readsWhatTheLayoutNames(String key, String account, String organization, String region) {
        assertThat(KeyOrigin.of(key)).isEqualTo(new KeyOrigin(account, organization, region));
    }

    @org.junit.jupiter.api.Test
    void aKeyAtS3sLimitOfSegmentsAndSlashesIsReadInOnePass() {
        String head = "AWSLogs/111122223333/GuardDuty/eu-west-1/";
        String key = head + "/".repeat(1024 - head.length() - "f.jsonl".length()) + "f.jsonl";
        assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(KeyOrigin.of(key)).isEqualTo(new KeyOrigin("111122223333", null, "eu-west-1"));
        String noLayout = "x/".repeat(511) + "yz";
        assertThat(KeyOrigin.of(noLayout)).isEqualTo(KeyOrigin.NONE);
    }
}
