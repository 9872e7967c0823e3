package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.cli.MainAccess;
import dev.sentinelforwarder.clock.Deadline;
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
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import dev.sentinelforwarder.testing.Gzip;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Replay attacked, end to end on moto_server (a versioned bucket, an unversioned one, SQS, the DynamoDB ledger) with a
 * quarantine prefix of the deployment's own: a replay before the cause is fixed quarantines the rows again and leaves
 * them replayable; after the fix the next replay delivers each row once, and the one after sends nothing. Quarantine
 * objects planted by someone who can write to the bucket (naming another bucket, a key outside ALLOWED_BUCKETS, the
 * quarantine itself, or another source than their key) send nothing and read nothing; entries whose source was
 * overwritten since cost themselves and stay.
 */
class ReplayUnderAttackEndToEndTest {
    private static final String BUCKET = "replay-versioned";
    private static final String UNVERSIONED = "replay-plain";
    private static final String PREFIX = "custom-quarantine/";
    private static final String GUARDDUTY = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/findings.jsonl.gz";
    private static final String FLOWS = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/111122223333_vpcflowlogs_f.log.gz";
    private static final String FINDING = "{\"schemaVersion\":\"2.0\",\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\","
            + "\"updatedAt\":\"2026-11-22T09:00:00Z\",\"severity\":5,\"resource\":{\"n\":1},\"service\":{\"count\":%d}}\n";
    private static final String FLOW_HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
            + " start end action log-status\n";
    private static final int FINDINGS = 30;

    @Test
    void aReplayBeforeTheFixLeavesItReplayableAndPlantedOrStaleEntriesCostThemselves() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putBucketVersioning(r -> r.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            s3.createBucket(r -> r.bucket(UNVERSIONED));
            String queueUrl = sqs.createQueue(r -> r.queueName("sentinel-forwarder")).queueUrl();
            MotoServer.createLedgerTable(dynamoDb, "ledger");
            StringBuilder findings = new StringBuilder();
            for (int i = 0; i < FINDINGS; i++) {
                findings.append(FINDING.formatted(i, i));
            }
            String version = s3.putObject(r -> r.bucket(BUCKET).key(GUARDDUTY), RequestBody.fromBytes(Gzip.gzip(findings.toString())))
                    .versionId();
            s3.putObject(r -> r.bucket(UNVERSIONED).key(FLOWS), RequestBody.fromBytes(Gzip.gzip(FLOW_HEADER
                    + "2 111122223333 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1796630400 1796630460 ACCEPT OK\n"
                    + "2 111122223333 eni-2 this line is cut\n")));
            Map<String, String> env = new HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET + "/AWSLogs/," + UNVERSIONED + "/AWSLogs/", "LEDGER_TABLE", "ledger",
                    "QUARANTINE_PREFIX", PREFIX));
            CapturedLog logs = new CapturedLog();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                            .sslContext(ingestion.clientSslContext())).build(), null).withDynamoDb(() -> dynamoDb),
                    logs.log(), new Metrics(null));
            String guardDutyStream = RowFormat.COMPACT.stream(Tables.AWS_GUARD_DUTY);
            ingestion.faultPlan((rule, stream) -> stream.equals(guardDutyStream) ? new LogsIngestionFake.Fault.Status(400, null) : null);

            assertThat(forwarder.process(SqsMessages.batch(SqsMessages.message("n1", SqsMessages.s3Notification(BUCKET, GUARDDUTY, version)),
                    SqsMessages.message("n2", SqsMessages.s3Notification(UNVERSIONED, FLOWS))), deadline()).getBatchItemFailures())
                    .as(logs.text()).isEmpty();
            assertThat(ingestion.accepted("AWSVPCFlow")).hasSize(1);
            assertThat(S3QuarantineEntries.entries(s3, BUCKET, PREFIX)).hasSize(FINDINGS).allSatisfy(e -> {
                assertThat(e.path("eTag").asText()).isNotEmpty();
                assertThat(e.path("versionId").asText()).isEqualTo(version);
                assertThat(e.path("destination").asText()).isEqualTo("default");
            });

            // A replay before the fix: refused again, quarantined again with the replay's number.
            replay(s3, sqs, queueUrl, BUCKET);
            assertThat(forwarder.process(QueueMessages.takeAll(sqs, queueUrl), deadline()).getBatchItemFailures()).isEmpty();
            assertThat(ingestion.accepted("AWSGuardDuty")).isEmpty();
            assertThat(S3QuarantineEntries.entries(s3, BUCKET, PREFIX)).hasSize(FINDINGS)
                    .allSatisfy(e -> assertThat(e.path("replays").asInt()).isEqualTo(1));

            // Someone who can write to the bucket plants quarantine objects, and the flow log is overwritten.
            plant(s3, PREFIX + "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/other.jsonl.gz/unversioned/from-record-0.ndjson.gz",
                    "other-bucket", "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/other.jsonl.gz");
            plant(s3, PREFIX + "exports/x.jsonl.gz/unversioned/from-record-0.ndjson.gz", BUCKET, "exports/x.jsonl.gz");
            plant(s3, PREFIX + PREFIX + "y/unversioned/from-record-0.ndjson.gz", BUCKET, PREFIX + "y");
            plant(s3, PREFIX + "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/planted.jsonl.gz/unversioned/from-record-0.ndjson.gz",
                    BUCKET, "AWSLogs/222233334444/GuardDuty/us-east-1/2026/11/22/forged.jsonl.gz");
            s3.putObject(r -> r.bucket(UNVERSIONED).key(FLOWS), RequestBody.fromBytes(Gzip.gzip(FLOW_HEADER
                    + "2 111122223333 eni-9 10.9.9.9 10.9.9.8 9 9 6 9 90 1796630400 1796630460 ACCEPT OK\n".repeat(3))));

            // The fix, and the replay that delivers.
            ingestion.faultPlan((rule, stream) -> null);
            replay(s3, sqs, queueUrl, BUCKET);
            replay(s3, sqs, queueUrl, UNVERSIONED);
            assertThat(forwarder.process(QueueMessages.takeAll(sqs, queueUrl), deadline()).getBatchItemFailures()).as(logs.text()).isEmpty();
            assertThat(ingestion.accepted("AWSGuardDuty")).as("every refused row, once: " + logs.text()).hasSize(FINDINGS)
                    .extracting(r -> r.get("Id").asText()).doesNotHaveDuplicates().doesNotContain("forged");
            assertThat(ingestion.accepted("AWSVPCFlow")).as("nothing of the overwritten source sent as the replayed records")
                    .hasSize(1);
            assertThat(logs.lines()).filteredOn(line -> line.path("entriesRefused").asInt() > 0)
                    .extracting(line -> line.path("refusedBecause").asText()).hasSize(4).satisfiesExactlyInAnyOrder(
                            reason -> assertThat(reason).contains("naming bucket other-bucket"),
                            reason -> assertThat(reason).contains("outside ALLOWED_BUCKETS"),
                            reason -> assertThat(reason).contains("naming one of the quarantine's own objects"),
                            reason -> assertThat(reason).contains("whose key is not the one the forwarder gives them"));
            assertThat(logs.text()).contains("their source changed since they were written (a new ETag)");

            // Once more: nothing left to send.
            int requests = ingestion.received().size();
            replay(s3, sqs, queueUrl, BUCKET);
            replay(s3, sqs, queueUrl, UNVERSIONED);
            assertThat(forwarder.process(QueueMessages.takeAll(sqs, queueUrl), deadline()).getBatchItemFailures()).isEmpty();
            assertThat(ingestion.received()).as("nothing sent twice").hasSize(requests);
            assertThat(ingestion.accepted("AWSGuardDuty")).hasSize(FINDINGS);
        }
    }

    /** A quarantine object written by someone else: a refused row naming {@code bucket}/{@code key} as its source. */
    private static void plant(S3Client s3, String at, String bucket, String key) {
        ObjectNode entry = Json.mapper().createObjectNode().put("bucket", bucket).put("key", key).put("record", 0)
                .put("stage", "ingest").put("kind", "rejected").put("reason", "planted").put("table", "AWSGuardDuty");
        entry.putObject("row").put("TimeGenerated", "2026-11-22T09:00:00Z").put("Id", "forged").put("ActivityType", "Forged");
        s3.putObject(r -> r.bucket(BUCKET).key(at), RequestBody.fromBytes(Gzip.gzip(entry + "\n")));
    }

    private static void replay(S3Client s3, SqsClient sqs, String queueUrl, String bucket) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(MainAccess.replay(s3, sqs, out, "--bucket", bucket, "--queue", queueUrl, "--quarantine-prefix", PREFIX))
                .as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(5), Clock.systemUTC());
    }
}
