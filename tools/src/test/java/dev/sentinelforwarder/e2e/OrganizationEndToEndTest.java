package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.SqsMessages;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A Control Tower style log-archive bucket of a whole organization, through moto's S3, SQS and DynamoDB: the organization
 * trail of three accounts, their Hive-style flow logs under one prefix, the GuardDuty administrator's export of its
 * members' findings and a Security Hub Firehose object whose key names no account, notified as EventBridge and SNS
 * deliver them. Two workspaces in one tenant (the EU accounts' and the rest) take exactly what the destination rules say,
 * counted per account; the administrator's export goes by its key, and its EU members' findings, whose account the rules
 * send to the EU workspace, wait in quarantine instead of reaching the other; the EU workspace is down for the first
 * invocations and the other does not wait for it; nothing is lost and, with the ledger, nothing is sent twice, duplicate
 * notifications included.
 */
class OrganizationEndToEndTest {
    private static final String ORG = "o-a1b2c3d4e5";
    private static final String BUCKET = "aws-controltower-logs-999988887777-us-east-1";
    private static final String EU_A = "111122223333";
    private static final String US_B = "444455556666";
    private static final String EU_C = "777788889999";
    private static final String GUARDDUTY_ADMIN = "999988887777";
    private static final String EU_RULE = "dcr-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final String RULES = "[{\"to\":\"eu\",\"account\":[\"" + EU_A + "\",\"" + EU_C + "\"]},{\"to\":\"eu\",\"region\":\"eu-*\"},"
            + "{\"to\":\"eu\",\"prefix\":\"securityhub/\",\"trustPrefix\":true}]";
    private static final int EVENTS = 50;
    private static final int FLOWS = 300;

    private final List<String> notifications = new ArrayList<>();
    private int objects;

    @Test
    void anOrganizationsLogsReachTheirWorkspacesExactlyOnceWhileOneIsDown() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake rest = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
                LogsIngestionFake eu = LogsIngestionFake.startInTenantOf(rest, EU_RULE)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            for (String[] trail : new String[][] {{EU_A, "eu-west-1"}, {EU_A, "eu-west-1"}, {US_B, "us-east-1"}, {US_B, "us-east-1"},
                    {US_B, "eu-west-2"}, {EU_C, "eu-central-1"}, {EU_C, "eu-central-1"}}) {
                put(s3, ORG + "/AWSLogs/" + ORG + "/" + trail[0] + "/CloudTrail/" + trail[1] + "/2026/11/22/" + trail[0] + "_CloudTrail_"
                        + trail[1] + "_20261122T1005Z_" + objects + ".json.gz", TenantLogs.cloudTrail(times(trail[0], EVENTS), trail[1]), true);
            }
            for (String[] flow : new String[][] {{EU_A, "eu-west-1"}, {US_B, "us-east-1"}, {EU_C, "eu-central-1"}}) {
                put(s3, "flows/AWSLogs/aws-account-id=" + flow[0] + "/aws-service=vpcflowlogs/aws-region=" + flow[1]
                        + "/year=2026/month=11/day=22/hour=10/" + flow[0] + "_vpcflowlogs_" + flow[1] + "_fl-0a1b_20261122T1000Z_1.log.gz",
                        TenantLogs.flows(times(flow[0], FLOWS)), false);
            }
            put(s3, "guardduty/AWSLogs/" + GUARDDUTY_ADMIN + "/GuardDuty/us-east-1/2026/11/22/0c6b2d44-admin.jsonl.gz",
                    TenantLogs.guardDuty(guardDutyAccounts(Map.of(EU_A, 4, US_B, 3))), false);
            put(s3, "securityhub/2026/11/22/10/hub-1-2026-11-22-10-05-00-0c6b2d44.gz", TenantLogs.securityHub(times(EU_A, 3)), true);
            MotoServer.createLedgerTable(dynamoDb, "ledger");
            String queueUrl = sqs.createQueue(r -> r.queueName("forwarder")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            notifications.forEach(body -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)));

            Map<String, String> env = new HashMap<>(rest.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "LEDGER_TABLE", "ledger", "RETRY_DELAY_SECONDS", "1",
                    "DESTINATIONS", "[{\"name\":\"eu\",\"endpoint\":\"" + eu.endpoint() + "\",\"rules\":[\"" + EU_RULE + "\"]}]",
                    "DESTINATION_RULES", RULES));
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Metrics metrics = new Metrics(null);
            ManualTime time = new ManualTime();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), Services.of(s3, () -> null,
                            new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(rest.clientSslContext())).build(),
                            new SqsMessageQueue(sqs)).withDynamoDb(() -> dynamoDb).withTime(time.time()),
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics);

            // The EU workspace's endpoint is down (503) for the first two rounds.
            eu.answerRule(EU_RULE, 503);
            int failedWhileDown = 0;
            for (int round = 0; round < 2; round++) {
                failedWhileDown += QueueMessages.drain(sqs, queueUrl, queueArn, forwarder, time);
            }
            Map<String, Integer> restWhileDown = TenantLogs.byAccount(rest);
            eu.answerNormally(EU_RULE);
            for (int round = 0; round < 20 && QueueMessages.depth(sqs, queueUrl) > 0; round++) {
                QueueMessages.drain(sqs, queueUrl, queueArn, forwarder, time);
            }
            String log = logs.toString(StandardCharsets.UTF_8);

            assertThat(QueueMessages.depth(sqs, queueUrl)).as(log).isZero();
            assertThat(failedWhileDown).as("the EU objects' messages came back while the EU workspace was down").isGreaterThan(0);
            assertThat(restWhileDown).as("the other workspace had every row of its own before the EU one was up").isEqualTo(Map.of(
                    "AWSCloudTrail/" + US_B, 2 * EVENTS, "AWSVPCFlow/" + US_B, FLOWS, "AWSGuardDuty/" + US_B, 3));
            assertThat(TenantLogs.byAccount(rest)).as("nothing more reached it afterwards").isEqualTo(restWhileDown);
            assertThat(TenantLogs.byAccount(eu)).as("the EU accounts' and regions' rows, each once").isEqualTo(Map.of(
                    "AWSCloudTrail/" + EU_A, 2 * EVENTS, "AWSCloudTrail/" + EU_C, 2 * EVENTS, "AWSCloudTrail/" + US_B, EVENTS,
                    "AWSVPCFlow/" + EU_A, FLOWS, "AWSVPCFlow/" + EU_C, FLOWS, "AWSSecurityHubFindings/" + EU_A, 3));
            assertThat(eu.received()).filteredOn(r -> r.status() == 503).as("the outage was met, and retried").isNotEmpty();
            assertThat(TenantLogs.distinctRows(rest) + TenantLogs.distinctRows(eu)).as("no row twice").isEqualTo(TenantLogs.rows(rest) + TenantLogs.rows(eu));
            assertThat(log).contains("\"destination\":\"eu\"").contains("\"destination\":\"default\"")
                    .contains("\"accountMismatches\":4").contains("record 0 names account " + EU_A + ", whose rows go to destination eu,"
                            + " in an object whose key names account " + GUARDDUTY_ADMIN + " and whose rows go to default");
            assertThat(S3QuarantineEntries.entries(s3, BUCKET)).as("the EU members' findings of the administrator's export")
                    .extracting(e -> e.path("kind").asText() + " " + e.path("record").asInt() + " " + e.path("destination").asText())
                    .containsExactlyInAnyOrder("other_account 0 default", "other_account 1 default", "other_account 2 default",
                            "other_account 3 default");
            assertThat(metrics.totals().get("Destination/eu")).containsEntry("Rows", (double) (5 * EVENTS + 2 * FLOWS + 3));
            assertThat(metrics.totals().get("Destination/default")).containsEntry("Rows", (double) (2 * EVENTS + FLOWS + 3));

            // Every notification delivered again, as EventBridge and SNS may: the ledger passes each object over.
            notifications.forEach(body -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)));
            assertThat(QueueMessages.drain(sqs, queueUrl, queueArn, forwarder, time) + QueueMessages.drain(sqs, queueUrl, queueArn, forwarder, time)).isZero();
            assertThat(TenantLogs.rows(rest) + TenantLogs.rows(eu)).isEqualTo(2 * EVENTS + FLOWS + 3 + 5 * EVENTS + 2 * FLOWS + 3);
            assertThat(metrics.totals().get("All")).containsEntry("DuplicatesSkipped", (double) objects);
        }
    }

    private void put(S3Client s3, String key, byte[] body, boolean byEventBridge) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
        notifications.add(byEventBridge ? SqsMessages.eventBridgeNotification(BUCKET, key, body.length)
                : SqsMessages.snsNotification(BUCKET, key));
        objects++;
    }

    private static List<String> times(String account, int n) {
        return java.util.Collections.nCopies(n, account);
    }

    private static List<String> guardDutyAccounts(Map<String, Integer> findingsByAccount) {
        List<String> accounts = new ArrayList<>();
        new TreeMap<>(findingsByAccount).forEach((account, n) -> accounts.addAll(times(account, n)));
        return accounts;
    }
}
