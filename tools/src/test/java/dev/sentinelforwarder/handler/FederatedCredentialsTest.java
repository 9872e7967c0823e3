package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.LogKeys.guardDuty;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LocalSts;
import dev.sentinelforwarder.observe.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default, federated credentials, through the real clients: the AWS SDK's STS client asks the local STS
 * for a token AWS would sign for the function's role, azure-identity's ClientAssertionCredential hands it to
 * the local Entra, which checks it against the managed identity's federated identity credential (issuer,
 * subject, audience, signature from the issuer's JWKS, expiry) before it issues the token the Logs Ingestion
 * fake accepts. No secret anywhere; no token in any output; each failure says what to fix, without a storm.
 */
class FederatedCredentialsTest {
    private static final String BUCKET = "federated-bucket";
    private static final String FINDING = "{\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"updatedAt\":\"2026-11-22T09:00:00Z\"}\n";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private final CapturedLog logs = new CapturedLog();
    private final ManualTime time = new ManualTime();
    private final ByteArrayOutputStream process = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 3; i++) {
            Path file = objects.resolve(BUCKET).resolve(guardDuty("f" + i + ".jsonl.gz"));
            Files.createDirectories(file.getParent());
            Files.write(file, gzip(FINDING.formatted(i)));
        }
        local = LocalServices.start(objects);
        originalOut = System.out;
        originalErr = System.err;
        PrintStream capture = new PrintStream(process, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
    }

    @AfterEach
    void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        String everything = logs.text() + process.toString(StandardCharsets.UTF_8);
        assertThat(everything).as("no token in any output").doesNotContain("eyJ").doesNotContain("fake-token-");
        local.close();
    }

    @Test
    void theAwsTokenIsKeptWhileValidWhileEntraTokensAreRenewedAsTheyExpire() throws Exception {
        local.ingestion().tokenLifetime(Duration.ZERO); // each invocation below needs a new Entra token
        Forwarder forwarder = forwarder();

        for (int i = 0; i < 3; i++) {
            SQSBatchResponse response = forwarder.process(batch(message("m" + i, notification(i))), deadline(Duration.ofMinutes(5)));
            assertThat(response.getBatchItemFailures()).isEmpty();
        }

        assertThat(local.ingestion().accepted("AWSGuardDuty")).extracting(r -> r.get("Id").textValue())
                .containsExactlyInAnyOrder("f0", "f1", "f2");
        assertThat(local.ingestion().tokenRequests()).as("an Entra token per request").hasSize(3)
                .allSatisfy(form -> assertThat(form).doesNotContainKey("client_secret").containsKey("client_assertion"));
        assertThat(local.sts().tokensIssued()).as("one AWS token, valid 5 minutes, for all three exchanges").isEqualTo(1);
    }

    @Test
    void outboundFederationDisabledIsConfigurationWithItsFixAndNoRetries() throws IOException {
        local.sts().refuse(LocalSts.Refusal.FEDERATION_DISABLED);

        SQSBatchResponse response = forwarder().process(batch(message("m0", notification(0)), message("m1", notification(1))),
                deadline(Duration.ofMinutes(5)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m0", "m1");
        assertThat(local.ingestion().tokenRequests()).isEmpty();
        assertThat(local.ingestion().received()).isEmpty();
        assertThat(failure("m0")).contains("outbound identity federation is disabled in this AWS account: enable it"
                + " (aws iam enable-outbound-web-identity-federation");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line.path("reason").asText())
                .startsWith("an earlier object of this batch failed for a reason the rest would share"));
    }

    @Test
    void aRoleThatMayNotAskForTokensIsConfigurationWithItsFix() throws IOException {
        local.sts().refuse(LocalSts.Refusal.ACCESS_DENIED);

        SQSBatchResponse response = forwarder().process(batch(message("m0", notification(0))), deadline(Duration.ofMinutes(5)));

        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(failure("m0")).contains("the function's role may not call sts:GetWebIdentityToken (AccessDenied): allow it for"
                + " audience api://AzureADTokenExchange, signing algorithm RS256 and at most 300 s");
    }

    @Test
    void aFederatedCredentialMadeAMomentAgoIsWaitedForWithinTheDeadline() throws Exception {
        local.ingestion().forgetFederation("00000000-0000-0000-0000-000000000002");
        // The credential becomes visible while the forwarder waits after the first refusal.
        time.onWait(() -> local.ingestion().federate("00000000-0000-0000-0000-000000000002", local.sts().issuer(),
                LocalSts.ROLE_ARN));

        SQSBatchResponse response = forwarder().process(batch(message("m0", notification(0))), deadline(Duration.ofMinutes(2)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(local.ingestion().tokenRequests()).as("one refused, then one after 10 s: no storm").hasSize(2);
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(10));
        assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(1);
    }

    @Test
    void noMatchingFederatedCredentialFailsTheMessageWithTheIssuerSubjectAndTheFix() throws IOException {
        local.ingestion().forgetFederation("00000000-0000-0000-0000-000000000002");
        local.ingestion().federate("00000000-0000-0000-0000-000000000002", local.sts().issuer(), "arn:aws:iam::111122223333:role/other");

        SQSBatchResponse response = forwarder().process(batch(message("m0", notification(0))), deadline(Duration.ofSeconds(40)));

        // every 10 s while an attempt still fits 10 s before the deadline: at 0, 10 and 20 s of the 40
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(response.getBatchItemFailures()).hasSize(1);
        assertThat(local.ingestion().tokenRequests()).hasSize(3);
        JsonNode line = logs.lines().stream().filter(l -> l.has("ingestionError")).findFirst().orElseThrow();
        assertThat(line.get("ingestionError").asText()).contains("AADSTS700213").contains("Assertion Subject: '" + LocalSts.ROLE_ARN + "'")
                .contains("Assertion Issuer: '" + local.sts().issuer() + "'");
        assertThat(line.get("hint").asText()).contains("awsIssuerUrl and forwarderRoleArn set to the stack's IssuerUrl and"
                + " ForwarderRoleArn outputs");
    }

    private Forwarder forwarder() throws IOException {
        return ForwarderFactory.create(ForwarderConfig.from(local.environment()), local.services(quarantine).withTime(time.time()),
                logs.log(), new Metrics(null));
    }

    private static String notification(int i) {
        return s3Notification(BUCKET, guardDuty("f" + i + ".jsonl.gz"));
    }

    private String failure(String messageId) {
        return logs.lines().stream().filter(l -> l.path("messageId").asText().equals(messageId) && l.has("ingestionError"))
                .findFirst().orElseThrow().get("ingestionError").asText();
    }

    private Deadline deadline(Duration remaining) {
        return time.deadlineAfter(remaining);
    }
}
