package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** With the DynamoDB ledger (moto), a duplicate notification sends nothing, and a failed attempt does not block the retry. */
class LedgerEndToEndTest {
    private static final String BUCKET = "ledger-bucket";
    private static final String KEY = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/5e0c1c2d-7c1e-3a8b-9b1e-4d9f1a2b3c4d.jsonl.gz";

    @Test
    void aDuplicateNotificationSendsNothingAndAFailureReleasesTheClaim() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromFile(Path.of("..", "samples", "objects",
                    "example-log-bucket", KEY)));
            MotoServer.createLedgerTable(dynamoDb, "forwarded-objects");
            Metrics metrics = new Metrics(null);
            Map<String, String> env = new java.util.HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "LEDGER_TABLE", "forwarded-objects"));
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                            .sslContext(ingestion.clientSslContext())).build(), null).withDynamoDb(() -> dynamoDb),
                    new JsonLog(new PrintStream(new ByteArrayOutputStream())), metrics);
            String notification = SqsMessages.s3Notification(BUCKET, KEY);

            ingestion.enqueue(new LogsIngestionFake.Fault.Status(401, null));
            ingestion.enqueue(new LogsIngestionFake.Fault.Status(401, null)); // once more after the renewal: configuration
            SQSBatchResponse failed = forwarder.process(SqsMessages.batch(SqsMessages.message("attempt-1", notification)), deadline());
            SQSBatchResponse retried = forwarder.process(SqsMessages.batch(SqsMessages.message("attempt-2", notification)), deadline());
            SQSBatchResponse duplicate = forwarder.process(SqsMessages.batch(SqsMessages.message("duplicate", notification)), deadline());

            assertThat(failed.getBatchItemFailures()).hasSize(1);
            assertThat(retried.getBatchItemFailures()).as("the failed attempt released its claim").isEmpty();
            assertThat(duplicate.getBatchItemFailures()).isEmpty();
            assertThat(ingestion.accepted("AWSGuardDuty")).as("rows sent once").hasSize(3);
            assertThat(metrics.totals().get("All")).containsEntry("DuplicatesSkipped", 1.0);
        }
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(5), Clock.systemUTC());
    }
}
