package dev.sentinelforwarder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompanionConfigTest {
    @Test
    void readsBucketPrefixKeyAndRegion() {
        assertThat(CompanionConfig.from(Map.of("CSV_BUCKET", "org-logs", "CSV_PREFIX", "cloudwatch/",
                "CSV_KMS_KEY_ID", "alias/logs", "AWS_REGION", "eu-west-1")))
                .isEqualTo(new CompanionConfig("org-logs", "cloudwatch/", "alias/logs", "eu-west-1"));
        assertThat(CompanionConfig.from(Map.of("CSV_BUCKET", "org-logs", "AWS_REGION", "eu-west-1")))
                .isEqualTo(new CompanionConfig("org-logs", "", null, "eu-west-1"));
    }

    @Test
    void listsEveryProblem() {
        assertThatThrownBy(() -> CompanionConfig.from(Map.of("CSV_BUCKET", "Not_A_Bucket", "CSV_PREFIX", "/cw")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
                        "CSV_BUCKET is not a valid bucket name: 'Not_A_Bucket'",
                        "CSV_PREFIX must end with '/', not '/cw'",
                        "CSV_PREFIX must not start with '/'",
                        "AWS_REGION is required (Lambda sets it)"));
    }

    @Test
    void aPrefixHoldingAnAwsLogsSegmentIsRefused() {
        assertThatThrownBy(() -> CompanionConfig.from(Map.of("CSV_BUCKET", "org-logs", "CSV_PREFIX", "x/AWSLogs/111122223333/",
                "AWS_REGION", "eu-west-1"))).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
                        "CSV_PREFIX must not hold an AWSLogs segment: the companion writes <prefix>AWSLogs/<account>/... and the"
                                + " account is read after the first one, not 'x/AWSLogs/111122223333/'"));
    }
}
