package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LocalSts;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workspaces, each with a managed identity of its own, through the real Entra and ingestion clients: the EU identity's
 * federated credential is missing, so its first object finds out in a few attempts, its other objects wait for a later
 * invocation, and every object of the other workspace is delivered in this one.
 */
class SeveralWorkspacesTest {
    private static final String BUCKET = "org-bucket";
    private static final String EU_RULE = "dcr-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final String EU_IDENTITY = "00000000-0000-0000-0000-00000000000e";
    private static final String EU_ACCOUNT = "111122223333";
    private static final String US_ACCOUNT = "444455556666";
    private static final String FINDING = "{\"accountId\":\"%s\",\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\","
            + "\"updatedAt\":\"2026-11-22T09:00:00Z\"}\n";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private LogsIngestionFake eu;
    private final List<String> keys = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 6; i++) {
            String account = i % 2 == 0 ? EU_ACCOUNT : US_ACCOUNT;
            String key = "AWSLogs/" + account + "/GuardDuty/us-east-1/2026/11/22/f" + i + ".jsonl.gz";
            Path file = objects.resolve(BUCKET).resolve(key);
            Files.createDirectories(file.getParent());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                gzip.write(FINDING.formatted(account, i).getBytes(StandardCharsets.UTF_8));
            }
            Files.write(file, bytes.toByteArray());
            keys.add(key);
        }
        local = LocalServices.start(objects);
        eu = LogsIngestionFake.startInTenantOf(local.ingestion(), EU_RULE);
    }

    @AfterEach
    void stop() {
        eu.close();
        local.close();
    }

    @Test
    void aWorkspaceWhoseIdentityIsNotReadyHoldsUpOnlyItsOwnObjects() throws IOException {
        Map<String, String> env = new HashMap<>(local.environment());
        env.put("DESTINATIONS", "[{\"name\":\"eu\",\"endpoint\":\"" + eu.endpoint() + "\",\"rules\":[\"" + EU_RULE
                + "\"],\"clientId\":\"" + EU_IDENTITY + "\"}]");
        env.put("DESTINATION_RULES", "[{\"to\":\"eu\",\"account\":\"" + EU_ACCOUNT + "\"}]");
        CapturedLog logs = new CapturedLog();
        ManualTime time = new ManualTime();
        Metrics metrics = new Metrics(null);
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine).withTime(time.time()),
                logs.log(), metrics);
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            messages.add(message("m" + i, s3Notification(BUCKET, keys.get(i))));
        }

        SQSBatchResponse first = forwarder.process(batch(messages.toArray(SQSEvent.SQSMessage[]::new)), time.deadlineAfter(Duration.ofMinutes(5)));

        assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("the EU objects' messages come back").containsExactly("m0", "m2", "m4");
        assertThat(local.ingestion().accepted("AWSGuardDuty")).extracting(row -> row.get("AccountId").asText())
                .as("every object of the other workspace, in this invocation").containsExactly(US_ACCOUNT, US_ACCOUNT, US_ACCOUNT);
        assertThat(eu.received()).as("no token, so no request").isEmpty();
        assertThat(local.ingestion().tokenRequests()).filteredOn(r -> EU_IDENTITY.equals(r.get("client_id")))
                .as("the first EU object tries a few times, the others not at all").hasSize(3);
        List<JsonNode> notStarted = logs.lines().stream().filter(l -> l.path("message").asText().equals("object not started; its message will come back")).toList();
        assertThat(notStarted).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("destination").asText()).isEqualTo("eu");
            assertThat(line.path("reason").asText()).startsWith("an earlier object sent as the same identity failed");
        });
        assertThat(logs.text()).contains("Entra has no federated identity credential on the managed identity (clientId of destination eu)");
        assertThat(metrics.totals().get("Destination/default")).containsEntry("Rows", 3.0).containsEntry("ObjectsDelivered", 3.0);
        assertThat(metrics.totals().get("Destination/eu")).containsEntry("ObjectsFailed", 1.0);

        // The credential made in Entra: the messages come back and the EU workspace gets its rows, the other none again.
        local.ingestion().federate(EU_IDENTITY, local.sts().issuer(), LocalSts.ROLE_ARN);
        SQSBatchResponse again = forwarder.process(batch(messages.get(0), messages.get(2), messages.get(4)), time.deadlineAfter(Duration.ofMinutes(5)));

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(eu.accepted("AWSGuardDuty")).extracting(row -> row.get("AccountId").asText()).containsExactly(EU_ACCOUNT, EU_ACCOUNT, EU_ACCOUNT);
        assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(3);
    }
}
