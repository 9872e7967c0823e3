package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.ForwarderHandlerTest.BUCKET;
import static dev.sentinelforwarder.handler.ForwarderHandlerTest.CLOUDTRAIL_KEY;
import static dev.sentinelforwarder.handler.ForwarderHandlerTest.GUARDDUTY_KEY;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake.Fault;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.QuarantineFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fault of the ingestion API, through the real handler and clients, against the HTTPS fake. */
class DeliveryFaultsTest {
    private static final Duration PLENTY = Duration.ofMinutes(5);

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private LogsIngestionFake fake;
    private Forwarder forwarder;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics(null);
    private final ManualTime time = new ManualTime();

    @BeforeEach
    void start() throws IOException {
        ForwarderHandlerTest.copy(Path.of("..", "samples", "objects"), objects);
        local = LocalServices.start(objects);
        fake = local.ingestion();
        forwarder = ForwarderFactory.create(ForwarderConfig.from(local.environment()), local.services(quarantine).withTime(time.time()),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics);
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void honoursRetryAfterOn429() {
        fake.enqueue(new Fault.Status(429, "1"));

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(time.waits()).as("the service's second, longer than the first backoff").containsExactly(Duration.ofSeconds(1));
        assertThat(fake.accepted("AWSGuardDuty")).hasSize(3);
        assertThat(metrics.totals().get("AWSGuardDuty")).containsEntry("Throttles", 1.0).containsEntry("Retries", 1.0);
    }

    @Test
    void retries503AndDroppedConnectionsUntilAccepted() {
        fake.enqueue(new Fault.Status(503, null));
        fake.enqueue(new Fault.Drop());
        fake.enqueue(new Fault.Status(500, null));

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.accepted("AWSGuardDuty")).hasSize(3);
        assertThat(metrics.totals().get("AWSGuardDuty")).containsEntry("Retries", 3.0);
        List<Duration> waits = time.waits();
        assertThat(waits).as("exponential backoff with full jitter: half to all of 0.4, 0.8, 1.6 s").hasSize(3);
        for (int retry = 0; retry < 3; retry++) {
            Duration ceiling = Duration.ofMillis(400L << retry);
            assertThat(waits.get(retry)).isBetween(ceiling.dividedBy(2), ceiling);
        }
    }

    @Test
    void stopsRetryingWhenTheDeadlineIsNearAndFailsTheMessage() throws IOException {
        for (int i = 0; i < 100; i++) {
            fake.enqueue(new Fault.Status(503, null));
        }

        Map<String, String> env = new HashMap<>(local.environment());
        env.put("TIME_MARGIN_SECONDS", "20");
        Forwarder hurried = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine).withTime(time.time()),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics);

        SQSBatchResponse response = hurried.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))),
                deadline(Duration.ofSeconds(22)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
        assertThat(fake.received()).as("a wait before every attempt but the first").hasSize(time.waits().size() + 1);
        // attempts end 10 s before the deadline and none starts with less than 5 s to run: none after 7 s of the 22
        assertThat(time.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(7)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(logLines()).anySatisfy(line -> assertThat(line.path("ingestionError").asText()).startsWith("503 InjectedFault"));
    }

    @Test
    void a401RenewsTheCredentialsOnceAndSendsAgain() {
        fake.enqueue(new Fault.Status(401, null));

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.received()).extracting(LogsIngestionFake.Received::status).containsExactly(401, 204);
        assertThat(fake.tokenRequests()).hasSize(2);
        assertThat(fake.accepted("AWSGuardDuty")).hasSize(3);
    }

    @Test
    void credentialsRefusedAgainAfterRenewalAreNotRetriedAndStopTheBatch() {
        fake.enqueue(new Fault.Status(401, null));
        fake.enqueue(new Fault.Status(401, null));

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY)),
                message("m2", s3Notification(BUCKET, CLOUDTRAIL_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1", "m2");
        assertThat(fake.received()).hasSize(2);
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.path("messageId").asText()).isEqualTo("m1");
            assertThat(line.path("hint").asText()).contains("refused the credentials")
                    .contains("AZURE_TENANT_ID and AZURE_CLIENT_ID must be the Azure template's tenantId and clientId outputs");
        });
        assertThat(logLines()).anySatisfy(line -> {
            assertThat(line.path("messageId").asText()).isEqualTo("m2");
            assertThat(line.path("reason").asText()).isEqualTo("an earlier object of this batch failed for a reason the rest would"
                    + " share: the credentials were refused, also after reading them again");
        });
    }

    @Test
    void aRowTheServiceRefusesIsIsolatedAndQuarantinedWhileTheOthersAreSent() throws IOException {
        fake.refuseRowsContaining("Execution:Runtime/NewBinaryExecuted");

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.accepted("AWSGuardDuty")).extracting(r -> r.get("ActivityType").textValue()).containsExactly(
                "Recon:EC2/PortProbeUnprotectedPort", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS");
        List<JsonNode> entries = QuarantineFiles.entries(quarantine);
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.get("bucket").textValue()).isEqualTo(BUCKET);
            assertThat(entry.get("key").textValue()).isEqualTo(GUARDDUTY_KEY);
            assertThat(entry.get("record").intValue()).isEqualTo(2);
            assertThat(entry.get("stage").textValue()).isEqualTo("ingest");
            assertThat(entry.get("status").intValue()).isEqualTo(400);
            assertThat(entry.get("errorCode").textValue()).isEqualTo("InvalidPayload");
            assertThat(entry.get("row").get("ActivityType").textValue()).isEqualTo("Execution:Runtime/NewBinaryExecuted");
            assertThat(entry.get("row").get("TimeGenerated").textValue()).as("kept as the table has it, not as the compact row sent it")
                    .matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        });
        assertThat(metrics.totals().get("AWSGuardDuty")).containsEntry("RowsRejected", 1.0).containsEntry("Quarantined", 1.0);
    }

    @Test
    void aRequestTooLargeIsSplitAndResent() {
        fake.limitRequestBytes(8_000);

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, CLOUDTRAIL_KEY))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.accepted("AWSCloudTrail")).hasSize(21);
        assertThat(fake.received()).filteredOn(r -> r.status() == 413).isNotEmpty();
        assertThat(fake.received()).filteredOn(r -> r.status() == 204).hasSizeGreaterThan(1);
    }

    @Test
    void startsNoObjectWhenTooLittleTimeIsLeft() {
        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY)),
                message("m2", s3Notification(BUCKET, CLOUDTRAIL_KEY))), deadline(Duration.ofSeconds(20)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1", "m2");
        assertThat(fake.received()).isEmpty();
        assertThat(metrics.totals().get("All")).containsEntry("MessagesNotStarted", 2.0);
    }

    @Test
    void noSecretTokenOrAuthorizationHeaderReachesTheLogsWhateverFails() throws IOException {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(process, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            fake.enqueue(new Fault.Status(503, "1"));
            fake.enqueue(new Fault.Drop());
            fake.enqueue(new Fault.Status(400, null));
            fake.enqueue(new Fault.Status(403, null));
            forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY_KEY)),
                    message("m2", s3Notification(BUCKET, CLOUDTRAIL_KEY)), message("m3", "not json")), deadline(PLENTY));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String everything = logs.toString(StandardCharsets.UTF_8) + process.toString(StandardCharsets.UTF_8);
        assertThat(everything).isNotBlank()
                .doesNotContain("fake-token-")
                .doesNotContain("eyJ") // the JWT AWS signed for the function's role
                .doesNotContainIgnoringCase("authorization:")
                .doesNotContain("Bearer ");
    }

    private Deadline deadline(Duration remaining) {
        return time.deadlineAfter(remaining);
    }

    private List<JsonNode> logLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            try {
                lines.add(Json.mapper().readTree(line));
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }
        return lines;
    }

}
