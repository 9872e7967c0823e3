package dev.sentinelforwarder.e2e;

import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.FolderQuarantineStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The credentials secret (Secrets Manager on moto) going wrong under a running forwarder: a malformed
 * secret is configuration, not a network fault, and a rotated one is read again after the first 401.
 */
class SecretFaultsEndToEndTest {
    private static final String BUCKET = "secret-bucket";
    private static final String GUARDDUTY = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/g%d.jsonl.gz";
    private static final String FINDING = "{\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"updatedAt\":\"2026-11-22T09:00:00Z\"}\n";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private final AtomicInteger secretReads = new AtomicInteger();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ManualTime time = new ManualTime();

    @Test
    void aMalformedSecretFailsTheBatchAtOnceAndIsReadAgainByTheNextInvocation() throws Exception {
        writeObjects(2);
        try (MotoServer moto = MotoServer.start(); SecretsManagerClient secrets = moto.secretsManager(countReads());
                LocalServices local = LocalServices.start(objects)) {
            String arn = secrets.createSecret(r -> r.name("app").secretString("{\"tenantId\":\"t\",\"clientId\":\"c\"}")).arn();
            Forwarder forwarder = forwarder(local, secrets, arn);

            SQSBatchResponse broken = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY.formatted(0))),
                    message("m2", s3Notification(BUCKET, GUARDDUTY.formatted(1)))), deadline());

            assertThat(broken.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("m1", "m2");
            assertThat(secretReads).as("read once, not on every retry").hasValue(1);
            assertThat(local.ingestion().received()).isEmpty();
            assertThat(time.waits()).as("not retried until the deadline").isEmpty();
            assertThat(logs.toString(StandardCharsets.UTF_8)).contains("must be a JSON object with tenantId, clientId");

            secrets.putSecretValue(r -> r.secretId(arn).secretString(secret("fixed")));
            SQSBatchResponse fixed = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY.formatted(0))),
                    message("m2", s3Notification(BUCKET, GUARDDUTY.formatted(1)))), deadline());

            assertThat(fixed.getBatchItemFailures()).isEmpty();
            assertThat(secretReads).hasValue(2);
            assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(2);
        }
    }

    @Test
    void aRotatedSecretIsReadAgainAfterTheFirstRefusal() throws Exception {
        writeObjects(2);
        try (MotoServer moto = MotoServer.start(); SecretsManagerClient secrets = moto.secretsManager(countReads());
                LocalServices local = LocalServices.start(objects)) {
            String arn = secrets.createSecret(r -> r.name("app").secretString(secret("old-secret"))).arn();
            Forwarder forwarder = forwarder(local, secrets, arn);
            SQSBatchResponse before = forwarder.process(batch(message("m1", s3Notification(BUCKET, GUARDDUTY.formatted(0)))), deadline());

            // Rotation: Entra refuses the old secret and the tokens issued with it; the secret holds the new one.
            local.ingestion().rotateSecret("old-secret");
            secrets.putSecretValue(r -> r.secretId(arn).secretString(secret("new-secret")));
            SQSBatchResponse after = forwarder.process(batch(message("m2", s3Notification(BUCKET, GUARDDUTY.formatted(1)))), deadline());

            assertThat(before.getBatchItemFailures()).isEmpty();
            assertThat(after.getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(local.ingestion().received()).extracting(LogsIngestionFake.Received::status).containsExactly(204, 401, 204);
            assertThat(local.ingestion().tokenRequests()).extracting(form -> form.get("client_secret"))
                    .containsExactly("old-secret", "new-secret");
            assertThat(secretReads).hasValue(2);
            assertThat(local.ingestion().accepted("AWSGuardDuty")).hasSize(2);
        }
    }

    private Forwarder forwarder(LocalServices local, SecretsManagerClient secrets, String arn) throws Exception {
        Map<String, String> env = new HashMap<>(local.environment());
        env.remove("AZURE_TENANT_ID");
        env.remove("AZURE_CLIENT_ID");
        env.remove("AZURE_CLIENT_SECRET");
        env.put("AZURE_AUTH", "secret");
        env.put("AZURE_CREDENTIALS_SECRET_ARN", arn);
        Services base = local.services(quarantine);
        return ForwarderFactory.create(ForwarderConfig.from(env), new Services(base.s3(), () -> secrets,
                new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(local.ingestion().clientSslContext())).build(),
                new FolderQuarantineStore(quarantine), null, () -> null, () -> null, time.time()), null,
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));
    }

    private void writeObjects(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Path file = objects.resolve(BUCKET).resolve(GUARDDUTY.formatted(i));
            Files.createDirectories(file.getParent());
            Files.write(file, dev.sentinelforwarder.testing.Gzip.gzip(FINDING.formatted(i)));
        }
    }

    private static String secret(String clientSecret) {
        return "{\"tenantId\":\"00000000-0000-0000-0000-000000000001\",\"clientId\":\"app\",\"clientSecret\":\"" + clientSecret + "\"}";
    }

    private ExecutionInterceptor countReads() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("GetSecretValue".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    secretReads.incrementAndGet();
                }
            }
        };
    }

    private Deadline deadline() {
        return time.deadlineAfter(Duration.ofMinutes(5));
    }
}
