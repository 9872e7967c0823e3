package dev.sentinelforwarder.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The account, organization and region of the key layouts AWS writes, read only at the key's first {@code AWSLogs}
 * segment (where a bucket policy can pin them), and of keys that name none; names a tenant chooses further down cannot
 * name an account, a region or a service.
 */
class KeyOriginTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/22/111122223333_CloudTrail_eu-west-1_20261122T1005Z_a.json.gz, 111122223333, -, eu-west-1, CloudTrail",
            "AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/11/22/444455556666_CloudTrail_us-east-1_x.json.gz, 444455556666, o-a1b2c3d4e5, us-east-1, CloudTrail",
            "control-tower/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail-Digest/us-east-1/2026/11/22/x.json.gz, 444455556666, o-a1b2c3d4e5, us-east-1, CloudTrail-Digest",
            "AWSLogs/777788889999/GuardDuty/ap-southeast-2/2026/11/22/5e0c1c2d.jsonl.gz, 777788889999, -, ap-southeast-2, GuardDuty",
            "flows/AWSLogs/111122223333/vpcflowlogs/us-gov-west-1/2026/11/22/f.log.gz, 111122223333, -, us-gov-west-1, vpcflowlogs",
            "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=eu-central-2/year=2026/month=11/day=22/f.log.gz, 111122223333, -, eu-central-2, aws-service=vpcflowlogs",
            "AWSLogs/111122223333/network-firewall/alert/eu-north-1/2026/11/22/10/f.log.gz, 111122223333, -, eu-north-1, network-firewall",
            "AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2026/11/22/q.log.gz, 111122223333, -, -, vpcdnsquerylogs",
            "AWSLogs/111122223333/WAFLogs/cloudfront/acl/2026/11/22/10/05/w.log.gz, 111122223333, -, -, WAFLogs",
            "AWSLogs/111122223333/elasticloadbalancing/cn-north-1/2026/11/22/111122223333_elasticloadbalancing_cn-north-1_app.x.log.gz, 111122223333, -, cn-north-1, elasticloadbalancing",
            "AWSLogs/111122223333/CloudTrail/eusc-de-east-1/2026/11/22/t.json.gz, 111122223333, -, eusc-de-east-1, CloudTrail",
            "AWSLogs/111122223333/GuardDuty/us-isob-east-1/2026/11/22/f.jsonl.gz, 111122223333, -, us-isob-east-1, GuardDuty",
            "AWSLogs/111122223333/GuardDuty/eu-isoe-west-1/2026/11/22/f.jsonl.gz, 111122223333, -, eu-isoe-west-1, GuardDuty",
            "logs/2026-11-22-10-13-50-A211246203787B7F, -, -, -, -",
            "firehose/securityhub/2026/11/22/10/hub-1-2026-11-22-10-05-00-abc.gz, -, -, -, -",
            "AWSLogs/11112222333/CloudTrail/eu-west-1/x.json.gz, -, -, -, -",
            "AWSLogs/o-a1b2c3d4e5/not-an-account/CloudTrail/x.json.gz, -, o-a1b2c3d4e5, -, -",
            "AWSLogs/111122223333, -, -, -, -",
            "AWSLogs/111122223333/x.json.gz, -, -, -, -",
            "some/AWSLogs, -, -, -, -",
            "'', -, -, -, -"})
    void readsWhatThePinnedLayoutNames(String key, String account, String organization, String region, String service) {
        assertThat(KeyOrigin.of(key)).isEqualTo(new KeyOrigin(account, organization, region, service));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // The companion's key for a log group named AWSLogs and a stream named like another tenant's account.
            "AWSLogs/444455556666/CloudWatch/eu-west-1/AWSLogs/111122223333/2026/11/22/1764000000000-r.csv.gz, 444455556666, eu-west-1, CloudWatch",
            // A web ACL or firewall named AWSLogs: the key still names its account, region and service.
            "AWSLogs/444455556666/WAFLogs/us-east-1/AWSLogs/2026/11/22/10/05/w.log.gz, 444455556666, us-east-1, WAFLogs",
            "AWSLogs/444455556666/network-firewall/flow/us-east-1/AWSLogs/2026/11/22/10/f.log.gz, 444455556666, us-east-1, network-firewall",
            // A second layout after the first, and a web ACL named like a region in the scope's place.
            "AWSLogs/111122223333/AWSLogs/222233334444/GuardDuty/eu-west-1/f.jsonl.gz, 111122223333, -, AWSLogs",
            "AWSLogs/111122223333/WAFLogs/cloudfront/eu-west-1/2026/11/22/w.log.gz, 111122223333, -, WAFLogs",
            // A prefix no policy pins (a tenant's own) ahead of a layout: the first AWSLogs names no account.
            "AWSLogs/tenant-b/AWSLogs/111122223333/CloudTrail/eu-west-1/t.json.gz, -, -, -"})
    void namesATenantChoosesFurtherDownNameNothing(String key, String account, String region, String service) {
        assertThat(KeyOrigin.of(key)).isEqualTo(new KeyOrigin(account, null, region, service));
    }

    @Test
    void aKeyAtS3sLimitOfSegmentsAndSlashesIsReadInOnePass() {
        String head = "AWSLogs/111122223333/GuardDuty/eu-west-1/";
        String key = head + "/".repeat(1024 - head.length() - "f.jsonl".length()) + "f.jsonl";
        assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(KeyOrigin.of(key)).isEqualTo(new KeyOrigin("111122223333", null, "eu-west-1", "GuardDuty"));
        String noLayout = "x/".repeat(511) + "yz";
        assertThat(KeyOrigin.of(noLayout)).isEqualTo(KeyOrigin.NONE);
    }
}
