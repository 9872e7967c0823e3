package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cli.MainAccess;
import dev.sentinelforwarder.clock.Deadline;
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
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Out of quarantine, end to end on moto_server (S3, SQS, the DynamoDB ledger) with the ingestion fake: the rule refuses
 * the GuardDuty stream, as it does when its declaration does not match, so the rows of two objects are quarantined (and
 * one bad line of them as unreadable). Once the rule takes the stream again, {@code replay} puts one message per
 * quarantine object on the queue and the forwarder delivers every refused row exactly once; the bad line, read again,
 * is still bad and stays in quarantine. A second replay sends nothing.
 */
class ReplayEndToEndTest {
    private static final String BUCKET = "replay-bucket";
    private static final String FINDING = "{\"schemaVersion\":\"2.0\",\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\","
            + "\"updatedAt\":\"2026-11-22T09:00:00Z\",\"severity\":5,\"resource\":{\"n\":1},\"service\":{\"count\":%d}}\n";
    private static final int FINDINGS = 40;

    @Test
    void replayDeliversEveryRefusedRowOnceAndASecondReplaySendsNothing() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            String queueUrl = sqs.createQueue(r -> r.queueName("sentinel-forwarder")).queueUrl();
            MotoServer.createLedgerTable(dynamoDb, "forwarded-objects");
            List<String> keys = List.of("AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/a.jsonl.gz",
                    "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/b c.jsonl.gz");
            for (int k = 0; k < keys.size(); k++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < FINDINGS; i++) {
                    lines.append(k == 1 && i == 7 ? "{\"id\":\"cut\n" : FINDING.formatted(k * 100 + i, i));
                }
                String key = keys.get(k);
                s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(dev.sentinelforwarder.testing.Gzip.gzip(lines.toString())));
            }
            Map<String, String> env = new HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET + "/AWSLogs/", "LEDGER_TABLE", "forwarded-objects"));
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                            .sslContext(ingestion.clientSslContext())).build(), null).withDynamoDb(() -> dynamoDb),
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));
            String refused = RowFormat.COMPACT.stream(Tables.AWS_GUARD_DUTY);
            ingestion.faultPlan((rule, stream) -> stream.equals(refused) ? new LogsIngestionFake.Fault.Status(400, null) : null);

            // The rule refuses the stream: every row is quarantined, the bad line too.
            List<SQSEvent.SQSMessage> notifications = new ArrayList<>();
            for (String key : keys) {
                notifications.add(SqsMessages.message("n-" + notifications.size(), SqsMessages.s3Notification(BUCKET, key)));
            }
            assertThat(forwarder.process(SqsMessages.batch(notifications.toArray(SQSEvent.SQSMessage[]::new)), deadline())
                    .getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(ingestion.accepted("AWSGuardDuty")).isEmpty();
            List<JsonNode> quarantined = entries(s3);
            assertThat(quarantined).hasSize(2 * FINDINGS);
            assertThat(quarantined).filteredOn(e -> e.get("stage").asText().equals("ingest")).hasSize(2 * FINDINGS - 1)
                    .allSatisfy(e -> assertThat(e.get("table").asText()).isEqualTo("AWSGuardDuty"));

            // A dry run counts; the fix; the replay.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(MainAccess.replay(s3, sqs, out, "--bucket", BUCKET, "--queue", queueUrl, "--dry-run")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("entries: ingest rejected: 79, read unreadable: 1");
            ingestion.faultPlan((rule, stream) -> null);
            assertThat(MainAccess.replay(s3, sqs, out, "--bucket", BUCKET, "--queue", queueUrl)).isZero();
            SQSBatchResponse replayed = forwarder.process(QueueMessages.takeAll(sqs, queueUrl), deadline());

            assertThat(replayed.getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            List<JsonNode> accepted = ingestion.accepted("AWSGuardDuty");
            assertThat(accepted).as("every refused row, once").hasSize(2 * FINDINGS - 1)
                    .extracting(r -> r.get("Id").asText()).doesNotHaveDuplicates();
            assertThat(entries(s3)).filteredOn(e -> e.get("stage").asText().equals("read")).as("the bad line, read again, stays")
                    .singleElement().satisfies(e -> assertThat(e.get("line").asInt()).isEqualTo(8));

            // A second replay: the ledger knows every quarantine object it was given.
            int requests = ingestion.received().size();
            assertThat(MainAccess.replay(s3, sqs, out, "--bucket", BUCKET, "--queue", queueUrl)).isZero();
            assertThat(forwarder.process(QueueMessages.takeAll(sqs, queueUrl), deadline()).getBatchItemFailures()).isEmpty();
            assertThat(ingestion.received()).as("nothing sent twice").hasSize(requests);
            assertThat(ingestion.accepted("AWSGuardDuty")).hasSize(2 * FINDINGS - 1);
        }
    }

    private static List<JsonNode> entries(S3Client s3) throws Exception {
        return S3QuarantineEntries.entries(s3, BUCKET);
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(5), Clock.systemUTC());
    }
}
