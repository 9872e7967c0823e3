package dev.sentinelforwarder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.table.RowFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwarderConfigTest {
    private static final Map<String, String> VALID = Map.of(
            "INGESTION_ENDPOINT", "https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com",
            "DCR_IMMUTABLE_ID", "dcr-0123456789abcdef0123456789abcdef",
            "AZURE_TENANT_ID", "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b",
            "AZURE_CLIENT_ID", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
            "ALLOWED_BUCKETS", "org-logs, flow-logs/AWSLogs/");
    private static final Map<String, String> WITH_SECRET = Map.of(
            "INGESTION_ENDPOINT", "https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com",
            "DCR_IMMUTABLE_ID", "dcr-0123456789abcdef0123456789abcdef",
            "AZURE_AUTH", "secret",
            "AZURE_CREDENTIALS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:sentinel-forwarder-abc123",
            "ALLOWED_BUCKETS", "org-logs");

    @Test
    void readsEverySettingWithItsDefaults() {
        ForwarderConfig config = ForwarderConfig.from(VALID);

        assertThat(config.rules()).containsExactly(new DataCollectionRule(
                URI.create("https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com"), "dcr-0123456789abcdef0123456789abcdef"));
        assertThat(config.rowFormat()).isEqualTo(RowFormat.COMPACT);
        assertThat(config.streamFor(LogType.CLOUDTRAIL)).matches("Custom-AWSCloudTrail_[0-9a-f]{8}");
        assertThat(config.streamFor(LogType.VPCFLOW)).matches("Custom-AWSVPCFlow_[0-9a-f]{8}");
        Map<String, String> full = new HashMap<>(VALID);
        full.put("ROW_FORMAT", "full");
        full.put("STREAM_VPCFLOW", "Custom-Flows");
        ForwarderConfig fullNames = ForwarderConfig.from(full);
        assertThat(fullNames.streamFor(LogType.CLOUDTRAIL)).isEqualTo("Custom-AWSCloudTrail");
        assertThat(fullNames.streamFor(LogType.GUARDDUTY)).isEqualTo("Custom-AWSGuardDuty");
        assertThat(fullNames.streamFor(LogType.VPCFLOW)).as("a stream that is set wins").isEqualTo("Custom-Flows");
        full.put("ROW_FORMAT", "short");
        assertThatThrownBy(() -> ForwarderConfig.from(full)).hasMessageContaining("ROW_FORMAT must be compact or full, not 'short'");
        assertThat(config.credentials()).as("the default: the function's own identity, no secret").isEqualTo(
                new ForwarderConfig.AzureCredentialsSource.Federated("9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b",
                        "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"));
        assertThat(ForwarderConfig.from(WITH_SECRET).credentials()).isEqualTo(new ForwarderConfig.AzureCredentialsSource.FromSecret(
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:sentinel-forwarder-abc123"));
        assertThat(config.authorityHost()).isEqualTo(URI.create("https://login.microsoftonline.com/"));
        assertThat(config.uploadConcurrency()).isEqualTo(4);
        assertThat(config.allowed().allows("org-logs", "anything/at/all.json.gz")).isTrue();
        assertThat(config.allowed().allows("flow-logs", "AWSLogs/1/vpcflowlogs/x.log.gz")).isTrue();
        assertThat(config.allowed().allows("flow-logs", "other/x.log.gz")).isFalse();
        assertThat(config.allowed().allows("someone-elses-bucket", "AWSLogs/x")).isFalse();
        assertThat(config.routing().typeFor("AWSLogs/x")).isEmpty();
    }

    @Test
    void gzipLevelIsEachTablesOwnUnlessSetAndOnlyOneToTwelve() {
        assertThat(ForwarderConfig.from(VALID).gzipLevel()).isEqualTo(dev.sentinelforwarder.config.Compression.BY_TABLE);
        for (String level : new String[] {"1", "9", "12"}) {
            Map<String, String> env = new java.util.HashMap<>(VALID);
            env.put("GZIP_LEVEL", level);
            assertThat(ForwarderConfig.from(env).gzipLevel()).isEqualTo(Integer.parseInt(level));
        }
        for (String level : new String[] {"0", "13", "-1"}) {
            Map<String, String> env = new java.util.HashMap<>(VALID);
            env.put("GZIP_LEVEL", level);
            assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("GZIP_LEVEL must be between 1 and 12, not " + level);
        }
        Map<String, String> words = new java.util.HashMap<>(VALID);
        words.put("GZIP_LEVEL", "fast");
        assertThatThrownBy(() -> ForwarderConfig.from(words)).hasMessageContaining("GZIP_LEVEL must be a whole number, not 'fast'");
    }

    @Test
    void severalRulesShareOneEndpointOrTakeOneEachInOrder() {
        Map<String, String> env = new HashMap<>(VALID);
        env.put("DCR_IMMUTABLE_ID", "dcr-1, dcr-2,dcr-3");
        URI dce = URI.create("https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com");
        assertThat(ForwarderConfig.from(env).rules()).containsExactly(new DataCollectionRule(dce, "dcr-1"),
                new DataCollectionRule(dce, "dcr-2"), new DataCollectionRule(dce, "dcr-3"));

        env.put("INGESTION_ENDPOINT", "https://a.ingest.monitor.azure.com,https://b.ingest.monitor.azure.com, https://c.ingest.monitor.azure.com");
        assertThat(ForwarderConfig.from(env).rules()).extracting(r -> r.endpoint().getHost() + " " + r.immutableId())
                .containsExactly("a.ingest.monitor.azure.com dcr-1", "b.ingest.monitor.azure.com dcr-2", "c.ingest.monitor.azure.com dcr-3");

        env.put("DCR_IMMUTABLE_ID", "dcr-1,dcr-2");
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("INGESTION_ENDPOINT must be one endpoint for every"
                + " rule, or one per rule of DCR_IMMUTABLE_ID in the same order: 3 endpoints for 2 rules");
        env.put("DCR_IMMUTABLE_ID", "dcr-1,dcr-2,dcr-1");
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("DCR_IMMUTABLE_ID names dcr-1 twice");
        env.put("INGESTION_ENDPOINT", "https://a.ingest.monitor.azure.com");
        env.put("DCR_IMMUTABLE_ID", String.join(",", java.util.Collections.nCopies(21, "dcr-1")));
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("DCR_IMMUTABLE_ID names 21 rules; at most 20");
        env.put("DCR_IMMUTABLE_ID", "dcr-1,,dcr-3");
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("which start with 'dcr-', not ''");
    }

    @Test
    void routingRulesOverrideDetectionFirstMatchFirst() {
        Map<String, String> env = new HashMap<>(VALID);
        env.put("ROUTING_RULES", "[{\"prefix\":\"exports/flows/\",\"type\":\"vpcflow\"},{\"regex\":\"\\\\.csv\\\\.gz$\",\"type\":\"cloudwatch\"},"
                + "{\"prefix\":\"exports/\",\"type\":\"guardduty\"}]");

        RoutingRules routing = ForwarderConfig.from(env).routing();

        assertThat(routing.typeFor("exports/flows/a.csv.gz")).contains(LogType.VPCFLOW);
        assertThat(routing.typeFor("apps/b.csv.gz")).contains(LogType.CLOUDWATCH);
        assertThat(routing.typeFor("exports/findings.jsonl")).contains(LogType.GUARDDUTY);
        assertThat(routing.typeFor("AWSLogs/1/CloudTrail/x.json.gz")).isEmpty();
    }

    @Test
    void listsEveryProblemAtOnce() {
        Map<String, String> env = Map.of(
                "INGESTION_ENDPOINT", "http://plain.example.com",
                "DCR_IMMUTABLE_ID", "my-rule",
                "AZURE_AUTH", "secret",
                "AZURE_CLIENT_ID", "app",
                "ROUTING_RULES", "[{\"prefix\":\"a/\",\"type\":\"xray\"},{\"regex\":\"(\",\"type\":\"vpcflow\"}]",
                "UPLOAD_CONCURRENCY", "lots");

        assertThatThrownBy(() -> ForwarderConfig.from(env))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
                        "INGESTION_ENDPOINT must be an https:// URL, not 'http://plain.example.com'",
                        "DCR_IMMUTABLE_ID must be rules' immutable ids, which start with 'dcr-', not 'my-rule'",
                        "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET must all be set together",
                        "ALLOWED_BUCKETS is required: the buckets (and optional key prefixes) to read, e.g. my-log-bucket",
                        "ROUTING_RULES rule 1: type must be one of [cloudtrail, guardduty, vpcflow, cloudwatch, waf, network_firewall_flow,"
                                + " network_firewall_alert, network_firewall_tls, route53_resolver, s3_server_access, alb, nlb, security_hub],"
                                + " not 'xray'",
                        "ROUTING_RULES rule 2: regex does not compile: Unclosed group",
                        "UPLOAD_CONCURRENCY must be a whole number, not 'lots'"))
                .hasMessageStartingWith("the forwarder's configuration has 7 problem(s):\n  - INGESTION_ENDPOINT");
    }

    @Test
    void namesBothRuleSettingsWhenBothAreMissing() {
        Map<String, String> env = new HashMap<>(VALID);
        env.remove("DCR_IMMUTABLE_ID");
        env.remove("INGESTION_ENDPOINT");

        assertThatThrownBy(() -> ForwarderConfig.from(env))
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
                        "DCR_IMMUTABLE_ID is required: " + Setting.DCR_IMMUTABLE_ID.description(),
                        "INGESTION_ENDPOINT is required: " + Setting.INGESTION_ENDPOINT.description()));
    }

    @Test
    void refusesASecretInTheFederatedModeAndAFederatedModeWithoutItsIdentity() {
        Map<String, String> secret = new HashMap<>(VALID);
        secret.put("AZURE_CLIENT_SECRET", "s3cr3t-value");
        assertThatThrownBy(() -> ForwarderConfig.from(secret)).hasMessageContaining("AZURE_CLIENT_SECRET belongs to AZURE_AUTH=secret;"
                + " the default, federated, uses no secret (set AZURE_AUTH=secret to use one)")
                .message().doesNotContain("s3cr3t-value");

        Map<String, String> noIdentity = new HashMap<>(VALID);
        noIdentity.remove("AZURE_CLIENT_ID");
        assertThatThrownBy(() -> ForwarderConfig.from(noIdentity)).hasMessageContaining(
                "AZURE_TENANT_ID and AZURE_CLIENT_ID are required with AZURE_AUTH=federated: the tenantId and clientId outputs"
                        + " of infra/azure/dcr.json");

        Map<String, String> unknown = new HashMap<>(VALID);
        unknown.put("AZURE_AUTH", "password");
        assertThatThrownBy(() -> ForwarderConfig.from(unknown)).hasMessageContaining("AZURE_AUTH must be federated or secret, not 'password'");
    }

    @Test
    void refusesTwoSourcesOfCredentialsAndKeepsADirectSecretOutOfToString() {
        Map<String, String> both = new HashMap<>(WITH_SECRET);
        both.put("AZURE_TENANT_ID", "t");
        assertThatThrownBy(() -> ForwarderConfig.from(both)).hasMessageContaining(
                "set either AZURE_CREDENTIALS_SECRET_ARN or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, not both");

        Map<String, String> direct = new HashMap<>(WITH_SECRET);
        direct.remove("AZURE_CREDENTIALS_SECRET_ARN");
        direct.putAll(Map.of("AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c", "AZURE_CLIENT_SECRET", "s3cr3t-value"));
        ForwarderConfig config = ForwarderConfig.from(direct);
        assertThat(config.credentials()).isInstanceOf(ForwarderConfig.AzureCredentialsSource.Direct.class);
        assertThat(config.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void theReadmeDocumentsEverySettingWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (Setting setting : Setting.values()) {
            String row = readme.lines().filter(line -> line.startsWith("| `" + setting.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no configuration row for " + setting.name()));
            if (setting.defaultValue() != null && !setting.defaultValue().isEmpty()) {
                assertThat(row).as(setting.name()).contains("`" + setting.defaultValue() + "`");
            }
        }
        assertThat(readme.lines().filter(line -> line.matches("\\| `[A-Z][A-Z0-9_]*` \\|.*")).count())
                .as("README rows naming a variable the code does not read")
                .isEqualTo(Setting.values().length);
    }
}
