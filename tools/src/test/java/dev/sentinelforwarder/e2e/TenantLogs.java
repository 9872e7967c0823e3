package dev.sentinelforwarder.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.LogsIngestionFake;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Log objects of several AWS accounts, each record naming the account it belongs to, as the end-to-end tests of routing
 * write them (gzip, as AWS delivers them), and the counts a workspace's rows give per table and account.
 */
final class TenantLogs {
    /** The column that names a row's account, per table (RowAccount's). */
    private static final Map<String, String> ACCOUNT_COLUMNS = Map.of("AWSCloudTrail", "RecipientAccountId", "AWSVPCFlow", "AccountId",
            "AWSGuardDuty", "AccountId", "AWSSecurityHubFindings", "AwsAccountId");
    static final String FLOW_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
            + " start end action log-status\n";

    private TenantLogs() {
    }

    /** A CloudTrail log file: one event per account given, in order, each with its own event id. */
    static byte[] cloudTrail(List<String> accounts, String region) {
        ObjectNode trail = Json.mapper().createObjectNode();
        var records = trail.putArray("Records");
        for (int i = 0; i < accounts.size(); i++) {
            String account = accounts.get(i);
            ObjectNode event = records.addObject().put("eventVersion", "1.09");
            event.putObject("userIdentity").put("type", "AssumedRole").put("accountId", account)
                    .put("arn", "arn:aws:sts::" + account + ":assumed-role/Admin/session-" + i);
            event.put("eventTime", "2026-11-22T10:0" + (i % 10) + ":00Z").put("eventSource", "s3.amazonaws.com").put("eventName", "GetObject")
                    .put("awsRegion", region).put("sourceIPAddress", "10.0.0." + (i % 250)).put("eventID", UUID.randomUUID().toString())
                    .put("eventType", "AwsApiCall").put("recipientAccountId", account);
        }
        return dev.sentinelforwarder.testing.Gzip.gzip(trail.toString());
    }

    /** A flow log: one flow per account given, in order, each from its own port. */
    static byte[] flows(List<String> accounts) {
        StringBuilder text = new StringBuilder(FLOW_HEADER);
        for (int i = 0; i < accounts.size(); i++) {
            text.append("2 ").append(accounts.get(i)).append(" eni-0a1b2c3d4e5f60718 10.0.0.1 10.0.1.2 ").append(i)
                    .append(" 443 6 10 840 1795341600 1795341660 ACCEPT OK\n");
        }
        return dev.sentinelforwarder.testing.Gzip.gzip(text.toString());
    }

    /** GuardDuty findings, the sample finding once per account given, each naming its account. */
    static byte[] guardDuty(List<String> accounts) throws IOException {
        String sample = sampleLine("AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/5e0c1c2d-7c1e-3a8b-9b1e-4d9f1a2b3c4d.jsonl.gz");
        StringBuilder text = new StringBuilder();
        for (String account : accounts) {
            ObjectNode finding = (ObjectNode) Json.mapper().readTree(sample);
            finding.put("accountId", account).put("id", UUID.randomUUID().toString().replace("-", ""));
            text.append(finding).append('\n');
        }
        return dev.sentinelforwarder.testing.Gzip.gzip(text.toString());
    }

    /** Security Hub's EventBridge events as Firehose writes them: the sample finding once per account given. */
    static byte[] securityHub(List<String> accounts) throws IOException {
        String sample = sampleLine("AWSLogs/111122223333/SecurityHubFindings/2026/11/22/10/"
                + "SentinelForwarder-SecurityHub-1-2026-11-22-10-05-00-0c6b2d44-0d6c-4a44-9a53-2a1f4f1c8e11.gz");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < accounts.size(); i++) {
            JsonNode event = Json.mapper().readTree(sample.replace("123456789012", accounts.get(i)));
            ((ObjectNode) event.at("/detail/findings/0")).put("Id", "finding-" + i);
            text.append(event).append('\n');
        }
        return dev.sentinelforwarder.testing.Gzip.gzip(text.toString());
    }

    /** The first line of a sample object of the repository's samples. */
    static String sampleLine(String key) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("..", "samples", "objects", "example-log-bucket", key)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        }
    }

    /** The workspace's rows, counted by table and the account each row names ("-" where its table names none). */
    static Map<String, Integer> byAccount(LogsIngestionFake workspace) {
        Map<String, Integer> counts = new TreeMap<>();
        workspace.accepted().forEach((table, rows) -> rows.forEach(row -> counts.merge(table + "/"
                + (ACCOUNT_COLUMNS.containsKey(table) ? row.path(ACCOUNT_COLUMNS.get(table)).asText() : "-"), 1, Integer::sum)));
        return counts;
    }

    static int rows(LogsIngestionFake workspace) {
        return workspace.accepted().values().stream().mapToInt(List::size).sum();
    }

    static int distinctRows(LogsIngestionFake workspace) {
        HashSet<String> distinct = new HashSet<>();
        workspace.accepted().values().forEach(rows -> rows.forEach(row -> distinct.add(row.toString())));
        return distinct.size();
    }
}
