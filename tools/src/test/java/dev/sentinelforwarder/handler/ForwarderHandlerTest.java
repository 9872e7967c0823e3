package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.fifo;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.QuarantineFiles;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.SchemaConformance;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The handler on real event JSON, with its real clients talking to a local S3 (serving the shipped
 * sample objects) and the HTTPS Logs Ingestion fake.
 */
class ForwarderHandlerTest {
    static final String BUCKET = "example-log-bucket";
    static final String CLOUDTRAIL_KEY =
            "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/02/111122223333_CloudTrail_us-east-1_20240802T0900Z_stratusRedTeam.json.gz";
    static final String GUARDDUTY_KEY = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/5e0c1c2d-7c1e-3a8b-9b1e-4d9f1a2b3c4d.jsonl.gz";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private ForwarderHandler handler;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics(null);

    @BeforeEach
    void start() throws IOException {
        copy(Path.of("..", "samples", "objects"), objects);
        local = LocalServices.start(objects);
        handler = handler(local.environment());
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-cloudtrail.json", type = SQSEvent.class)
    void forwardsADirectNotificationToTheCloudTrailStream(SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> rows = local.ingestion().accepted("AWSCloudTrail");
        assertThat(rows).hasSize(21);
        assertThat(rows).extracting(r -> r.get("EventName").textValue()).contains("ConsoleLogin", "StopLogging", "DeleteTrail");
        rows.forEach(row -> assertThat(SchemaConformance.problems(Tables.AWS_CLOUD_TRAIL, row)).isEmpty());
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("message").textValue()).isEqualTo("object forwarded");
            assertThat(line.get("key").textValue()).isEqualTo(CLOUDTRAIL_KEY);
            assertThat(line.get("type").textValue()).isEqualTo("cloudtrail");
            assertThat(line.get("rowsAccepted").intValue()).isEqualTo(21);
            assertThat(line.get("outcome").textValue()).isEqualTo("delivered");
        });
        assertThat(metrics.totals().get("AWSCloudTrail")).containsEntry("Rows", 21.0).containsEntry("ObjectsDelivered", 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-sns-wrapped.json", type = SQSEvent.class)
    void unwrapsAnSnsEnvelope(SQSEvent event) {
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().accepted("AWSCloudTrail")).extracting(r -> r.get("EventTypeName").textValue())
                .containsExactly("AwsCloudTrailInsight");
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-eventbridge.json", type = SQSEvent.class)
    void readsAnEventBridgeEvent(SQSEvent event) {
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().accepted("AWSVPCFlow")).extracting(r -> r.get("Version").intValue()).containsExactly(8, 8, 8);
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-vpcflow.json", type = SQSEvent.class)
    void decodesAHiveStyleKey(SQSEvent event) {
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().accepted("AWSVPCFlow")).extracting(r -> r.get("LogStatus").textValue())
                .containsExactly("OK", "OK", "SKIPDATA");
    }

    /** The Parquet sample holds the v8 text sample's records: the same rows, read by range from the local S3. */
    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-vpcflow-parquet.json", type = SQSEvent.class)
    void readsAParquetFlowLogIntoTheRowsItsTextGives(SQSEvent event) throws IOException {
        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();

        Path text = Path.of("../samples/objects/example-log-bucket/AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/"
                + "111122223333_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f60718_20261122T1000Z_9f8e7d6c.log.gz");
        Path converted = quarantine.resolveSibling(quarantine.getFileName() + "-convert");
        assertThat(dev.sentinelforwarder.cli.Main.run(new String[] {"convert", "--out", converted.toString(), text.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isZero();
        List<JsonNode> expected = new ArrayList<>();
        for (String line : Files.readAllLines(converted.resolve("AWSVPCFlow.ndjson"))) {
            expected.add(Json.mapper().readTree(line));
        }
        assertThat(local.ingestion().accepted("AWSVPCFlow")).hasSize(3).containsExactlyElementsOf(expected);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("message").textValue()).isEqualTo("object forwarded");
            assertThat(line.get("rowsAccepted").intValue()).isEqualTo(3);
            assertThat(line.get("unmappedFields").toString()).isEqualTo("{\"reject-reason\":3}");
        });
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-vpcflow.json", type = SQSEvent.class)
    void dropsTheRowsAFilterRuleNamesCountsThemPerRuleAndSendsTheRest(SQSEvent event) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(local.environment());
        env.put("FILTER_RULES", """
                [{"name": "flow-skipdata", "table": "AWSVPCFlow", "when": {"LogStatus": {"in": ["NODATA", "SKIPDATA"]}}},
                 {"name": "cloudtrail-reads", "table": "AWSCloudTrail", "when": {"ReadOnly": {"equals": true}}}]""");
        handler = handler(env);

        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();

        assertThat(local.ingestion().accepted("AWSVPCFlow")).extracting(r -> r.get("LogStatus").textValue())
                .containsExactly("OK", "OK");
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("message").textValue()).isEqualTo("object forwarded");
            assertThat(line.get("records").intValue()).isEqualTo(3);
            assertThat(line.get("rowsAccepted").intValue()).isEqualTo(2);
            assertThat(line.get("dropped").toString()).isEqualTo("{\"flow-skipdata\":1}");
            assertThat(line.has("quarantined")).isFalse();
        });
        assertThat(metrics.totals().get("AWSVPCFlow")).containsEntry("RowsDropped", 1.0).containsEntry("Rows", 2.0);
        assertThat(metrics.totals().get("AWSVPCFlow/flow-skipdata")).containsEntry("RowsDropped", 1.0);
    }

    @Test
    void aCheckMessageChecksTheDeploymentLogsEachStepAndFailsWhenOneFails() {
        SQSEvent check = batch(message("check", "{\"sentinelForwarderCheck\": true}"));

        assertThat(handler.handleRequest(check, null).getBatchItemFailures()).isEmpty();
        assertThat(logLines()).filteredOn(l -> l.get("message").textValue().equals("deployment check passed"))
                .extracting(l -> l.get("step").textValue())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.of("token"),
                        Tables.ALL.stream().map(t -> "stream " + RowFormat.COMPACT.stream(t) + " (" + t.name() + ")")).toList());
        assertThat(local.ingestion().accepted().values()).allSatisfy(rows -> assertThat(rows).isEmpty());

        local.ingestion().publisherRole(false);
        assertThat(handler.handleRequest(check, null).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("check");
        assertThat(logLines()).filteredOn(l -> l.get("message").textValue().equals("deployment check failed")).hasSize(Tables.ALL.size())
                .allSatisfy(l -> assertThat(l.get("detail").textValue()).contains("'Monitoring Metrics Publisher'"));
        assertThat(metrics.totals().get("All")).containsEntry("ChecksPassed", 1.0).containsEntry("ChecksFailed", 1.0);
    }

    @ParameterizedTest(name = "{0}")
    @Event(value = "sqs-mixed-batch.json", type = SQSEvent.class)
    void acknowledgesTestAndDeleteEventsAndReadsEveryRecordOfAMessage(SQSEvent event) {
        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(3);
        assertThat(local.ingestion().accepted("AWSCloudWatch")).hasSize(5);
        Map<String, Double> all = metrics.totals().get("All");
        assertThat(all).containsEntry("TestEvents", 1.0).containsEntry("IgnoredEvents", 1.0).containsEntry("Messages", 4.0);
        assertThat(logLines()).filteredOn(l -> l.get("message").textValue().startsWith("s3:TestEvent")).hasSize(1);
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("digestsSkipped").intValue()).isEqualTo(1));
    }

    @Test
    void failsExactlyTheMessagesThatCouldNotBeDeliveredAndCompletesTheOthers() throws IOException {
        SQSEvent event = batch(
                message("ok-cloudtrail", s3Notification(BUCKET, CLOUDTRAIL_KEY)),
                message("not-json", "Test message."),
                message("foreign-bucket", s3Notification("someone-elses-bucket", CLOUDTRAIL_KEY)),
                message("deleted-object", s3Notification(BUCKET, "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/gone.json.gz")),
                message("ok-guardduty", s3Notification(BUCKET, GUARDDUTY_KEY)));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("not-json", "foreign-bucket", "deleted-object");
        assertThat(local.ingestion().accepted("AWSCloudTrail")).hasSize(21);
        assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(3);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("messageId").textValue()).isEqualTo("not-json");
            assertThat(line.get("reason").textValue()).isEqualTo("body is not JSON: 'Test message.'");
        }).anySatisfy(line -> {
            assertThat(line.get("messageId").textValue()).isEqualTo("foreign-bucket");
            assertThat(line.get("message").textValue()).isEqualTo("object refused: its bucket and key are not in ALLOWED_BUCKETS");
            assertThat(line.get("bucket").textValue()).isEqualTo("someone-elses-bucket");
        }).anySatisfy(line -> {
            assertThat(line.get("messageId").textValue()).isEqualTo("deleted-object");
            assertThat(line.get("reason").textValue()).startsWith("s3://example-log-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/gone.json.gz: no such key");
        });
    }

    @Test
    void anObjectWithUnreadableLinesSendsTheReadableRowsAndQuarantinesTheRest() throws IOException {
        String key = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/broken.log";
        Files.writeString(Files.createDirectories(objects.resolve(BUCKET).resolve(key).getParent()).resolve("broken.log"),
                "version srcaddr dstaddr start\n5 10.0.0.1 10.0.0.2 1795341600\n5 10.0.0.3\n");

        SQSBatchResponse response = handler.handleRequest(batch(message("broken", s3Notification(BUCKET, key))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().accepted("AWSVPCFlow")).hasSize(1);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("outcome").textValue()).isEqualTo("delivered");
            assertThat(line.get("quarantined").intValue()).isEqualTo(1);
            assertThat(line.get("problems").get(0).textValue()).isEqualTo(
                    "line 3: expected 4 space-separated fields (version srcaddr dstaddr start), found 2");
        });
        JsonNode entry = QuarantineFiles.entries(quarantine).getFirst();
        assertThat(entry.get("key").textValue()).isEqualTo(key);
        assertThat(entry.get("record").intValue()).isEqualTo(1);
        assertThat(entry.get("line").intValue()).isEqualTo(3);
        assertThat(entry.get("reason").textValue()).isEqualTo("expected 4 space-separated fields (version srcaddr dstaddr start), found 2");
    }

    @Test
    void aRefusedCredentialFailsTheMessageWithTheRoleItNeedsAndNoSecretInTheLog() throws IOException {
        local.ingestion().enqueue(new LogsIngestionFake.Fault.Status(403, null));

        SQSBatchResponse response = handler.handleRequest(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), null);

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.get("ingestionError").textValue()).startsWith("403 InjectedFault");
            assertThat(line.get("hint").textValue()).contains("'Monitoring Metrics Publisher'")
                    .contains("data collection rule " + LocalServices.DCR_IMMUTABLE_ID);
        });
        String allLogs = logs.toString(StandardCharsets.UTF_8);
        assertThat(allLogs).doesNotContain("fake-token-").doesNotContain("eyJ"); // no Entra token, no JWT from STS
    }

    @Test
    void getsItsTokenFromEntraWithATokenAwsSignedForItsOwnRoleAndNoSecret() throws IOException {
        handler.handleRequest(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), null);

        assertThat(local.environment()).doesNotContainKeys("AZURE_CLIENT_SECRET", "AZURE_CREDENTIALS_SECRET_ARN");
        assertThat(local.sts().tokensIssued()).isEqualTo(1);
        assertThat(local.ingestion().tokenRequests()).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("client_id", local.environment().get("AZURE_CLIENT_ID"))
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    .containsEntry("grant_type", "client_credentials").doesNotContainKey("client_secret");
            assertThat(form.get("client_assertion")).matches("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");
            assertThat(form.get("scope")).contains("https://monitor.azure.com/");
        });
        assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(3);
    }

    @Test
    void inAFifoBatchEverythingAfterAFailureFailsUnprocessed() {
        SQSEvent event = batch(
                fifo(message("first", s3Notification(BUCKET, "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/missing.jsonl.gz"))),
                fifo(message("second", s3Notification(BUCKET, GUARDDUTY_KEY))));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("first", "second");
        assertThat(local.ingestion().accepted("AWSGuardDuty")).isEmpty();
    }

    private ForwarderHandler handler(Map<String, String> env) {
        return new ForwarderHandler(ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics));
    }

    private List<JsonNode> logLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            try {
                lines.add(Json.mapper().readTree(line));
            } catch (IOException e) {
                throw new AssertionError("log line is not JSON: " + line, e);
            }
        }
        return lines;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }
}
