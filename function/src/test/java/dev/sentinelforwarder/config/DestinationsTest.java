package dev.sentinelforwarder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESTINATIONS and DESTINATION_RULES: where each object's rows go, and every bad setting refused at once. */
class DestinationsTest {
    private static final String DCE = "https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com";
    private static final String EU_RULE = "dcr-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final String CUSTOMER_RULES = "[\"dcr-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1\",\"dcr-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2\"]";
    private static final String DESTINATIONS = "[{\"name\":\"eu\",\"endpoint\":\"https://eu.ingest.monitor.azure.com\",\"rules\":[\""
            + EU_RULE + "\"]},{\"name\":\"customer-a\",\"endpoint\":[\"https://a1.ingest.monitor.azure.com\",\"https://a2.ingest.monitor.azure.com\"],"
            + "\"rules\":" + CUSTOMER_RULES + ",\"clientId\":\"3a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d\",\"tenantId\":\"4f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b\"}]";
    private static final String RULES = "[{\"to\":\"customer-a\",\"organization\":\"o-a1b2c3d4e5\"},"
            + "{\"to\":\"customer-a\",\"account\":[\"444455556666\",\"777788889999\"],\"type\":\"guardduty\"},"
            + "{\"to\":\"eu\",\"region\":[\"eu-*\",\"il-central-1\"]},"
            + "{\"to\":\"eu\",\"prefix\":\"exports/eu/\",\"trustPrefix\":true},"
            + "{\"to\":\"customer-a\",\"bucket\":\"customer-a-logs\"}]";

    private static Map<String, String> env(String destinations, String rules) {
        Map<String, String> env = new HashMap<>(Map.of(
                "INGESTION_ENDPOINT", DCE,
                "DCR_IMMUTABLE_ID", "dcr-0123456789abcdef0123456789abcdef",
                "AZURE_TENANT_ID", "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b",
                "AZURE_CLIENT_ID", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
                "ALLOWED_BUCKETS", "org-logs"));
        env.put("DESTINATIONS", destinations);
        env.put("DESTINATION_RULES", rules);
        return env;
    }

    private static String to(ForwarderConfig config, String key) {
        return config.destinationFor("org-logs", key);
    }

    @Test
    void theFirstMatchingRuleDecidesAndTheRestGoToTheDefault() {
        ForwarderConfig config = ForwarderConfig.from(env(DESTINATIONS, RULES));

        assertThat(config.destinations()).extracting(Destination::name).containsExactly("default", "eu", "customer-a");
        assertThat(config.rules()).hasSize(4);
        assertThat(config.destinationFor("customer-a-logs", "AWSLogs/111122223333/CloudTrail/us-east-1/t.json.gz"))
                .as("a bucket of the customer's own").isEqualTo("customer-a");
        assertThat(to(config, "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/11/22/t.json.gz"))
                .as("the organization rule comes before the region rule").isEqualTo("customer-a");
        assertThat(to(config, "AWSLogs/444455556666/GuardDuty/us-east-1/2026/11/22/f.jsonl.gz")).isEqualTo("customer-a");
        assertThat(to(config, "AWSLogs/444455556666/vpcflowlogs/us-east-1/2026/11/22/f.log.gz"))
                .as("the account rule holds for GuardDuty only").isEqualTo("default");
        assertThat(to(config, "AWSLogs/444455556666/vpcflowlogs/eu-central-2/2026/11/22/f.log.gz")).isEqualTo("eu");
        assertThat(to(config, "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=il-central-1/f.log.gz"))
                .isEqualTo("eu");
        assertThat(to(config, "exports/eu/2026-11-22-10-13-50-A211246203787B7F")).isEqualTo("eu");
        assertThat(to(config, "exports/us/2026-11-22-10-13-50-A211246203787B7F")).isEqualTo("default");
        assertThat(to(config, "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/t.json.gz")).isEqualTo("default");
        assertThat(config.destinations().get(2).identity()).as("a managed identity of its own").isEqualTo(
                new ForwarderConfig.AzureCredentialsSource.Federated("4f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b", "3a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"));
        assertThat(config.destinations().get(1).identity()).as("the forwarder's own").isEqualTo(config.credentials());
        assertThat(config.destinations().get(2).rules()).extracting(r -> r.endpoint().getHost())
                .containsExactly("a1.ingest.monitor.azure.com", "a2.ingest.monitor.azure.com");
    }

    @Test
    void aRecordsAccountNeverMovesItsObjectButSaysWhereItsRowWouldGo() {
        ForwarderConfig config = ForwarderConfig.from(env(DESTINATIONS,
                "[{\"to\":\"customer-a\",\"account\":\"444455556666\"},{\"to\":\"eu\",\"region\":\"eu-*\"}]"));

        String securityHub = "firehose/securityhub/2026/11/22/10/hub-1-2026-11-22-10-05-00-abc.gz";
        assertThat(config.destinationFor("org-logs", securityHub)).as("no account in the key: default").isEqualTo("default");
        assertThat(config.destinationFor("org-logs", securityHub, "444455556666")).isEqualTo("customer-a");
        assertThat(config.destinationFor("org-logs", securityHub, "111122223333")).isEqualTo("default");
        String guardDuty = "AWSLogs/111122223333/GuardDuty/eu-west-1/f.jsonl.gz";
        assertThat(config.destinationFor("org-logs", guardDuty)).isEqualTo("eu");
        assertThat(config.destinationFor("org-logs", guardDuty, "444455556666"))
                .as("a member's finding in this key would go to its own tenant").isEqualTo("customer-a");
        assertThat(config.destinationFor("org-logs", guardDuty, "777788889999"))
                .as("keeps the key's region").isEqualTo("eu");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a log group named AWSLogs and a stream named like the tenant's account|AWSLogs/999900001111/CloudWatch/us-east-1/AWSLogs/444455556666/2026/11/22/1-r.csv.gz|default",
            "a web ACL named AWSLogs|AWSLogs/999900001111/WAFLogs/eu-west-1/AWSLogs/2026/11/22/10/05/w.log.gz|eu",
            "a second layout behind the first|AWSLogs/999900001111/x/AWSLogs/444455556666/CloudTrail/us-east-1/t.json.gz|default",
            "a prefix that is not pinned, holding AWSLogs|AWSLogs/tenant-b/AWSLogs/444455556666/CloudTrail/us-east-1/t.json.gz|default"})
    void namesATenantChoosesDoNotRoute(String attack, String key, String destination) {
        ForwarderConfig config = ForwarderConfig.from(env(DESTINATIONS,
                "[{\"to\":\"customer-a\",\"account\":\"444455556666\"},{\"to\":\"eu\",\"region\":\"eu-*\"}]"));

        assertThat(config.destinationFor("org-logs", key)).as(attack).isEqualTo(destination);
    }

    @Test
    void settingsThatWouldRouteEverythingToOneWorkspaceAreRefused() {
        assertThat(problems("[{\"to\":\"eu\",\"account\":null},{\"to\":\"customer-a\",\"account\":\"444455556666\"}]"))
                .containsExactly("DESTINATION_RULES rule 1: account is null, which would match everything; leave it out to match"
                        + " everything", "DESTINATION_RULES rule 2 is never reached: rule 1 takes every object it would (rule 1 has no"
                        + " conditions)");
        assertThat(problems("[{\"to\":\"customer-a\",\"account\":\"444455556666\",\"account\":\"111122223333\"}]"))
                .singleElement().asString().startsWith("DESTINATION_RULES is not valid JSON: Duplicate field 'account'");
        assertThat(problems("[{\"to\":\"customer-a\",\"account\":\"444455556666\"}] [{\"to\":\"eu\"}]"))
                .singleElement().asString().startsWith("DESTINATION_RULES is not valid JSON: Trailing token");
        assertThat(problems("[{\"to\":\"eu\",\"region\":\"eu-*\"},{\"to\":\"customer-a\",\"region\":[\"eu-west-1\",\"eu-north-*\"],"
                + "\"account\":\"444455556666\"},{\"to\":\"customer-a\",\"region\":[\"eu-west-1\",\"us-east-1\"]}]"))
                .containsExactly("DESTINATION_RULES rule 2 is never reached: rule 1 takes every object it would");
        assertThat(problems("[{\"to\":\"eu\",\"prefix\":\"customer-a/\"},{\"to\":\"eu\",\"prefix\":\"b/\",\"trustPrefix\":\"yes\"},"
                + "{\"to\":\"eu\",\"account\":\"444455556666\",\"trustPrefix\":true}]"))
                .containsExactly("DESTINATION_RULES rule 1: prefix is chosen by whoever delivers into the bucket (a trail's"
                        + " S3KeyPrefix, a Firehose prefix, an access log's TargetPrefix), so any tenant allowed to write there can"
                        + " take another's: route by bucket or account instead, or, where the bucket policy lets one tenant alone"
                        + " write under [customer-a/], add \"trustPrefix\": true to the rule",
                        "DESTINATION_RULES rule 2: trustPrefix must be true or false, beside a prefix, not \"yes\"",
                        "DESTINATION_RULES rule 3: trustPrefix must be true or false, beside a prefix, not true");
        assertThat(problems("[{\"to\":\"eu\",\"region\":[\"eusc-de-east-1\",\"us-gov-*\",\"us-isob-east-1\",\"eu-isoe-west-1\"]},"
                + "{\"to\":\"eu\",\"region\":[\"eu*\",\"europe\",\"eu-west-1*\",\"*\"]}]"))
                .containsExactly(
                        "DESTINATION_RULES rule 2: region must be a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of"
                                + " one ending in -* (eu-*) or a list of them, not \"eu*\"",
                        "DESTINATION_RULES rule 2: region must be a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of"
                                + " one ending in -* (eu-*) or a list of them, not \"europe\"",
                        "DESTINATION_RULES rule 2: region must be a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of"
                                + " one ending in -* (eu-*) or a list of them, not \"eu-west-1*\"",
                        "DESTINATION_RULES rule 2: region must be a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of"
                                + " one ending in -* (eu-*) or a list of them, not \"*\"");
        assertThat(problems("[{\"to\":\"eu\",\"region\":\"eu-*\"}]")).isEmpty();
        assertThat(ForwarderConfig.from(env(DESTINATIONS, "[{\"to\":\"eu\",\"region\":\"eu-*\"}]"))
                .destinationFor("org-logs", "AWSLogs/111122223333/CloudTrail/eusc-de-east-1/t.json.gz"))
                .as("the European Sovereign Cloud is a partition of its own, not eu-*").isEqualTo("default");
    }

    private static List<String> problems(String rules) {
        try {
            ForwarderConfig.from(env(DESTINATIONS, rules));
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems();
        }
    }

    @Test
    void aLastRuleWithoutConditionsReplacesTheDefault() {
        Map<String, String> env = env(DESTINATIONS, "[{\"to\":\"customer-a\",\"account\":\"444455556666\"},{\"to\":\"eu\"}]");
        env.remove("INGESTION_ENDPOINT");
        env.remove("DCR_IMMUTABLE_ID");

        ForwarderConfig config = ForwarderConfig.from(env);

        assertThat(config.destinations()).extracting(Destination::name).containsExactly("eu", "customer-a");
        assertThat(to(config, "AWSLogs/111122223333/CloudTrail/us-east-1/t.json.gz")).isEqualTo("eu");
        env.put("DESTINATION_RULES", "[{\"to\":\"customer-a\",\"account\":\"444455556666\"}]");
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("DCR_IMMUTABLE_ID is required")
                .hasMessageContaining("the default destination, which takes the objects no DESTINATION_RULES rule sends elsewhere");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        String destinations = "[{\"name\":\"eu\",\"endpoint\":\"http://eu.example\",\"rules\":[\"" + EU_RULE + "\"],\"colour\":1},"
                + "{\"name\":\"eu\",\"endpoint\":\"https://x.example\",\"rules\":[\"dcr-0123456789abcdef0123456789abcdef\"]},"
                + "{\"name\":\"default\",\"endpoint\":\"https://y.example\",\"rules\":[\"rule-1\"]},"
                + "{\"name\":\"no-rules\",\"endpoint\":\"https://z.example\"},"
                + "{\"name\":\"identity\",\"endpoint\":\"https://z.example\",\"rules\":[\"dcr-2\"],\"clientId\":\"not-a-guid\"}, 7]";
        String rules = "[{\"to\":\"nowhere\"},{\"to\":\"eu\",\"account\":\"12345\"},{\"to\":\"eu\",\"region\":[]},"
                + "{\"to\":\"eu\",\"organization\":\"org-1\",\"type\":\"syslog\",\"bucket\":\"b\",\"colour\":2},"
                + "{\"to\":\"eu\",\"region\":\"EU WEST\",\"prefix\":[3]}]";

        assertThatThrownBy(() -> ForwarderConfig.from(env(destinations, rules))).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        "DESTINATIONS entry 1 (eu) endpoint must be an https:// URL, not 'http://eu.example'",
                        "DESTINATIONS entry 1 (eu): unknown field 'colour'; the fields are [name, endpoint, rules, clientId, tenantId]",
                        "DESTINATIONS entry 2 (eu): the name eu is taken by an earlier entry",
                        "DESTINATIONS entry 3 (default): name must be 1-64 letters, digits, '.', '_' or '-', and not 'default'"
                                + " (the flat settings' destination), not 'default'",
                        "DESTINATIONS entry 3 (default) rules must be rules' immutable ids, which start with 'dcr-', not 'rule-1'",
                        "DESTINATIONS entry 4 (no-rules) rules is required",
                        "DESTINATIONS entry 5 (identity): clientId (and tenantId, if given) must be GUIDs: the Azure template's"
                                + " clientId and tenantId outputs for that workspace, not not-a-guid / null",
                        "DESTINATIONS entry 6 must be an object",
                        "DESTINATION_RULES rule 1: 'to' must name a destination of DESTINATIONS or default, not \"nowhere\"",
                        "DESTINATION_RULES rule 2 is never reached: rule 1 takes every object it would (rule 1 has no conditions)",
                        "DESTINATION_RULES rule 2: account must be a 12-digit account id or a list of them, not \"12345\"",
                        "DESTINATION_RULES rule 3 is never reached: rule 1 takes every object it would (rule 1 has no conditions)",
                        "DESTINATION_RULES rule 4 is never reached: rule 1 takes every object it would (rule 1 has no conditions)",
                        "DESTINATION_RULES rule 5 is never reached: rule 1 takes every object it would (rule 1 has no conditions)",
                        "DESTINATION_RULES rule 3: region is an empty list, which nothing matches; leave it out to match everything",
                        "DESTINATION_RULES rule 4: unknown field 'colour'; the fields are [account, bucket, organization, prefix, region,"
                                + " to, trustPrefix, type]",
                        "DESTINATION_RULES rule 4: bucket must be a bucket name or a list of them, not \"b\"",
                        "DESTINATION_RULES rule 4: organization must be an organization id (o-...) or a list of them, not \"org-1\"",
                        "DESTINATION_RULES rule 4: type must be one of " + java.util.Arrays.stream(dev.sentinelforwarder.format.LogType.values())
                                .map(dev.sentinelforwarder.format.LogType::id).toList() + ", not 'syslog'",
                        "DESTINATION_RULES rule 5: region must be a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of one"
                                + " ending in -* (eu-*) or a list of them, not \"EU WEST\"",
                        "DESTINATION_RULES rule 5: prefix must be a key prefix or a list of them, not 3",
                        "data collection rule dcr-0123456789abcdef0123456789abcdef is in both destination default and eu:"
                                + " each rule belongs to one workspace"));
    }

    @Test
    void aDestinationsOwnIdentityNeedsFederationAndTheRulesHaveABound() {
        Map<String, String> env = env(DESTINATIONS, "[]");
        env.remove("AZURE_TENANT_ID");
        env.remove("AZURE_CLIENT_ID");
        env.put("AZURE_AUTH", "secret");
        env.put("AZURE_CREDENTIALS_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:s");
        assertThatThrownBy(() -> ForwarderConfig.from(env)).hasMessageContaining("DESTINATIONS entry 2 (customer-a): clientId and"
                + " tenantId name a managed identity, which needs AZURE_AUTH=federated");

        StringBuilder many = new StringBuilder("[");
        for (int d = 0; d < 6; d++) {
            List<String> ids = new java.util.ArrayList<>();
            for (int r = 0; r < 20; r++) {
                ids.add("\"dcr-" + d + "-" + r + "\"");
            }
            many.append(d == 0 ? "" : ",").append("{\"name\":\"d").append(d).append("\",\"endpoint\":\"https://x.example\",\"rules\":[")
                    .append(String.join(",", ids)).append("]}");
        }
        assertThatThrownBy(() -> ForwarderConfig.from(env(many + "]", "[]")))
                .hasMessageContaining("the destinations name 121 data collection rules; at most 100 in all");
    }
}
