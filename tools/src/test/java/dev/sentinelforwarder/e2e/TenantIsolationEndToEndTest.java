package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.cli.MainAccess;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.CapturedLog;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.SqsMessages;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import dev.sentinelforwarder.testing.Gzip;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An MSSP's shared bucket, two tenants and a workspace each, through moto's S3, SQS and DynamoDB: customer A's account
 * goes to workspace "a", everything else to the default one (tenant B's). Tenant B crafts what it may choose: a log group
 * named AWSLogs with a stream named like A's account, a web ACL named AWSLogs, a first record naming A in its trail, a
 * keyless Security Hub object whose first finding is its own and the rest A's, and a keyless flow log, cut by the
 * invocation's end and by an outage, and resumed after a rule change that would send the keyless exports to A: the rest
 * stays with the object's destination, and the rows the new rules send elsewhere wait in quarantine. A's findings are
 * refused by its workspace at first, and replayed after the rules changed again. Every row ends in its own tenant's
 * workspace or in quarantine with the reason, none in the other's, none twice.
 */
class TenantIsolationEndToEndTest {
    private static final String BUCKET = "mssp-logs";
    private static final String A = "111122223333";
    private static final String B = "444455556666";
    private static final String A_RULE = "dcr-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String KEYLESS_FLOWS = "exports/flows/2026/11/22/flows-0001.log.gz";
    private static final int FLOWS = 100_000;

    @Test
    void everyRowReachesItsOwnTenantsWorkspaceOrTheQuarantineAndNoneTheOthers() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake tenantB = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
                LogsIngestionFake tenantA = LogsIngestionFake.startInTenantOf(tenantB, A_RULE)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            MotoServer.createLedgerTable(dynamoDb, "ledger");
            String queueUrl = sqs.createQueue(r -> r.queueName("forwarder")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);

            // Tenant B's crafted objects, and tenant A's own.
            String companionKey = companion(s3, B, "AWSLogs", A, 50);
            put(s3, sqs, queueUrl, companionKey, null);
            put(s3, sqs, queueUrl, "AWSLogs/" + B + "/WAFLogs/us-east-1/AWSLogs/2026/11/22/10/05/" + B + "_waflogs_us-east-1_AWSLogs_1.log.gz",
                    waf(20));
            List<String> trail = new ArrayList<>(List.of(A));
            trail.addAll(Collections.nCopies(99, B));
            put(s3, sqs, queueUrl, "AWSLogs/" + B + "/CloudTrail/us-east-1/2026/11/22/" + B + "_CloudTrail_us-east-1_20261122T1005Z_a.json.gz",
                    TenantLogs.cloudTrail(trail, "us-east-1"));
            List<String> hub = new ArrayList<>(List.of(B));
            hub.addAll(Collections.nCopies(99, A));
            put(s3, sqs, queueUrl, "firehose/hub/2026/11/22/10/hub-1-2026-11-22-10-05-00-0c6b2d44.gz", TenantLogs.securityHub(hub));
            put(s3, sqs, queueUrl, "AWSLogs/" + A + "/GuardDuty/eu-west-1/2026/11/22/a-findings.jsonl.gz",
                    TenantLogs.guardDuty(Collections.nCopies(30, A)));
            List<String> flows = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++) {
                flows.add(i % 10 == 3 ? A : B);
            }
            s3.putObject(r -> r.bucket(BUCKET).key(KEYLESS_FLOWS), RequestBody.fromBytes(TenantLogs.flows(flows)));

            ManualTime time = new ManualTime();
            HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tenantB.clientSslContext())).build();
            CapturedLog logs = new CapturedLog();
            String destinations = "[{\"name\":\"a\",\"endpoint\":\"" + tenantA.endpoint() + "\",\"rules\":[\"" + A_RULE + "\"]}]";
            String guardDutyStream = RowFormat.COMPACT.stream(Tables.AWS_GUARD_DUTY);
            tenantA.faultPlan((rule, stream) -> stream.equals(guardDutyStream) ? new LogsIngestionFake.Fault.Status(400, null) : null);

            // The rules as deployed: A's account to its workspace.
            Forwarder first = forwarder(tenantB, s3, sqs, dynamoDb, time, http, logs, destinations, "[{\"to\":\"a\",\"account\":\"" + A + "\"}]");
            for (int round = 0; round < 5 && QueueMessages.depth(sqs, queueUrl) > 0; round++) {
                QueueMessages.drain(sqs, queueUrl, queueArn, first, time);
            }
            // The keyless flow log in an invocation too short for it: every call takes 2 s, 30 s are kept for handing on.
            Forwarder slow = forwarder(tenantB, s3, sqs, dynamoDb, time, time.taking(Duration.ofSeconds(2), http), logs, destinations,
                    "[{\"to\":\"a\",\"account\":\"" + A + "\"}]");
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SqsMessages.s3Notification(BUCKET, KEYLESS_FLOWS)));
            Message cut = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(5).visibilityTimeout(600)).messages().getFirst();
            SQSEvent.SQSMessage message = SqsMessages.message(cut.messageId(), cut.body());
            message.setEventSourceArn(queueArn);
            SQSBatchResponse cutResponse = slow.process(SqsMessages.batch(message), time.deadlineAfter(Duration.ofSeconds(45)));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(cut.receiptHandle()));
            assertThat(cutResponse.getBatchItemFailures()).isEmpty();
            assertThat(logs.text()).contains("\"outcome\":\"handed on\"");
            int flowsBeforeResume = tenantB.accepted("AWSVPCFlow").size();
            assertThat(flowsBeforeResume).as("cut part-way").isPositive().isLessThan(FLOWS - FLOWS / 10);

            // B's workspace has an outage part-way through the rest: what was sent stays sent, the rest is tried again.
            tenantB.outageAfter(1);
            QueueMessages.drain(sqs, queueUrl, queueArn, first, time);
            tenantB.endOutage();
            assertThat(logs.text()).contains("\"outcome\":\"failed part-way, handed on\"").contains("\"resumedAfter\":");
            int flowsBeforeChange = tenantB.accepted("AWSVPCFlow").size();
            assertThat(flowsBeforeChange).isGreaterThan(flowsBeforeResume);

            // The rules change while the rest waits: the keyless exports would now go to A's workspace. The rest of the
            // object does not: its destination was decided once; and rows the new rules send elsewhere wait in quarantine.
            Forwarder changed = forwarder(tenantB, s3, sqs, dynamoDb, time, http, logs, destinations, "[{\"to\":\"a\",\"account\":\"" + A
                    + "\"},{\"to\":\"a\",\"prefix\":\"exports/\",\"trustPrefix\":true}]");
            for (int round = 0; round < 10 && QueueMessages.depth(sqs, queueUrl) > 0; round++) {
                time.advance(Duration.ofMinutes(2));
                QueueMessages.drain(sqs, queueUrl, queueArn, changed, time);
            }
            assertThat(QueueMessages.depth(sqs, queueUrl)).as(logs.text()).isZero();
            assertThat(tenantA.accepted("AWSVPCFlow")).as("no part of the object in another workspace").isEmpty();
            assertThat(tenantB.accepted("AWSVPCFlow")).as("nothing more sent where the new rules do not send it")
                    .hasSize(flowsBeforeChange);

            // A's workspace takes its findings again; the rules change once more (everything to the default), and A's
            // quarantine is replayed: the findings still go where their object's rows went.
            tenantA.faultPlan((rule, stream) -> null);
            Forwarder replaying = forwarder(tenantB, s3, sqs, dynamoDb, time, http, logs, destinations, "[]");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(MainAccess.replay(s3, sqs, out, "--bucket", BUCKET, "--queue", queueUrl, "--prefix", "AWSLogs/" + A + "/"))
                    .as(out.toString(StandardCharsets.UTF_8)).isZero();
            QueueMessages.drain(sqs, queueUrl, queueArn, replaying, time);

            assertThat(TenantLogs.byAccount(tenantA)).as("A's workspace: A's findings, and nothing of B's").isEqualTo(Map.of(
                    "AWSGuardDuty/" + A, 30));
            assertThat(TenantLogs.byAccount(tenantB)).as("B's workspace: B's rows, and nothing of A's").isEqualTo(Map.of(
                    "AWSCloudWatch/-", 50, "AWSWAF/-", 20, "AWSCloudTrail/" + B, 99, "AWSSecurityHubFindings/" + B, 1,
                    "AWSVPCFlow/" + B, flowsBeforeChange));
            assertThat(TenantLogs.distinctRows(tenantA) + TenantLogs.distinctRows(tenantB)).as("none twice")
                    .isEqualTo(TenantLogs.rows(tenantA) + TenantLogs.rows(tenantB));
            List<JsonNode> elsewhere = S3QuarantineEntries.entries(s3, BUCKET).stream()
                    .filter(e -> e.path("kind").asText().equals("other_account")).toList();
            assertThat(elsewhere).as("A's rows in B's objects, and the rest of the flows after the change, with the reason")
                    .allSatisfy(e -> {
                        assertThat(e.path("destination").asText()).isEqualTo("default");
                        assertThat(e.path("reason").asText()).contains(", whose rows go to destination a");
                    })
                    .filteredOn(e -> !e.path("key").asText().equals(KEYLESS_FLOWS)).hasSize(1 + 99);
            // A unit whose requests failed is read again: under the changed rules its problems are others, so a few of A's
            // rows are kept twice (in parts of each reading); none is both sent and kept.
            Set<Long> kept = elsewhere.stream().filter(e -> e.path("key").asText().equals(KEYLESS_FLOWS)).map(e -> e.path("record").asLong())
                    .collect(Collectors.toSet());
            Set<Long> sent = tenantB.accepted("AWSVPCFlow").stream().map(row -> row.get("SrcPort").asLong()).collect(Collectors.toSet());
            assertThat(kept.stream().filter(r -> r % 10 == 3).count()).as("every one of A's flows").isEqualTo(FLOWS / 10);
            assertThat(sent).as("each flow sent once").hasSize(flowsBeforeChange);
            Set<Long> sentAndKept = new HashSet<>(sent);
            sentAndKept.retainAll(kept); // not doesNotContainAnyElementsOf: AssertJ compares each pair, 20 s for these sets
            assertThat(sentAndKept).as("none both sent and kept").isEmpty();
            assertThat(kept.size() + sent.size()).as("every flow sent to B's workspace or kept").isEqualTo(FLOWS);
        }
    }

    private static Forwarder forwarder(LogsIngestionFake tenantB, S3Client s3, SqsClient sqs, DynamoDbClient dynamoDb, ManualTime time,
            HttpClient http, CapturedLog logs, String destinations, String rules) {
        Map<String, String> env = new HashMap<>(tenantB.clientSecretSettings());
        env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "LEDGER_TABLE", "ledger", "RETRY_DELAY_SECONDS", "1", "DESTINATIONS", destinations,
                "DESTINATION_RULES", rules, "ROUTING_RULES", "[{\"prefix\":\"exports/flows/\",\"type\":\"vpcflow\"}]",
                "TIME_MARGIN_SECONDS", "30"));
        return ForwarderFactory.create(ForwarderConfig.from(env), Services.of(s3, () -> null, http, new SqsMessageQueue(sqs))
                .withDynamoDb(() -> dynamoDb).withTime(time.time()), logs.log(), new Metrics(null));
    }

    private static void put(S3Client s3, SqsClient sqs, String queueUrl, String key, byte[] body) {
        if (body != null) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SqsMessages.s3Notification(BUCKET, key)));
    }

    /** What the companion writes for one subscription delivery of {@code owner}'s log group; returns its key. */
    private static String companion(S3Client s3, String owner, String logGroup, String logStream, int events) throws Exception {
        ObjectNode payload = Json.mapper().createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", owner)
                .put("logGroup", logGroup).put("logStream", logStream);
        var list = payload.putArray("logEvents");
        for (int i = 0; i < events; i++) {
            list.addObject().put("id", Integer.toString(i)).put("timestamp", 1795342530123L + i).put("message", "event " + i);
        }
        var export = CloudWatchExporter.export(Base64.getEncoder().encodeToString(Gzip.gzip(payload.toString())), "", "us-east-1", "r1")
                .orElseThrow();
        s3.putObject(r -> r.bucket(BUCKET).key(export.key()), RequestBody.fromBytes(export.gzipCsv()));
        return export.key();
    }

    /** WAF records, the sample's, each its own request. */
    private static byte[] waf(int records) throws Exception {
        String sample = TenantLogs.sampleLine("AWSLogs/111122223333/WAFLogs/us-east-1/app-acl/2026/11/22/10/00/"
                + "111122223333_waflogs_us-east-1_app-acl_20261122T1000Z_1a2b3c4d.log.gz");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < records; i++) {
            ObjectNode record = (ObjectNode) Json.mapper().readTree(sample);
            record.putObject("httpRequest").put("requestId", "request-" + i).put("clientIp", "10.0.0." + i);
            text.append(record).append('\n');
        }
        return Gzip.gzip(text.toString());
    }
}
