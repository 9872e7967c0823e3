package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cli.Main;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole path against moto_server: a bucket with an ObjectCreated notification to a queue, the
 * sample objects uploaded, the notifications moto delivers (its s3:TestEvent included) received from
 * the queue and handed to the handler, credentials read from Secrets Manager, rows checked at the
 * Logs Ingestion fake against what {@code convert} makes of the same objects.
 */
class MotoEndToEndTest {
    private static final Path SAMPLES = Path.of("..", "samples", "objects", "example-log-bucket");
    private static final String BUCKET = "e2e-log-bucket";

    @TempDir
    Path tmp;

    @Test
    void notificationsFromARealBucketEndAsTheSameRowsConvertMakes() throws Exception {
        try (MotoServer moto = MotoServer.start();
                S3Client s3 = moto.s3();
                SqsClient sqs = moto.sqs();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            // Arrange: bucket -> queue notifications, the app's credentials in Secrets Manager, the objects.
            String queueUrl = sqs.createQueue(r -> r.queueName("sentinel-forwarder")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putBucketNotificationConfiguration(r -> r.bucket(BUCKET).notificationConfiguration(n -> n.queueConfigurations(
                    q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
            String secretArn = moto.secretsManager().createSecret(r -> r.name("sentinel-forwarder/azure").secretString(
                    "{\"tenantId\":\"00000000-0000-0000-0000-0000000000aa\",\"clientId\":\"e2e-client\",\"clientSecret\":\"e2e-secret-value\"}"))
                    .arn();
            List<Path> files = sampleFiles();
            for (Path file : files) {
                s3.putObject(r -> r.bucket(BUCKET).key(SAMPLES.relativize(file).toString()), RequestBody.fromFile(file));
            }

            // Act: what the queue delivers goes through the handler as Lambda would pass it.
            List<SQSEvent.SQSMessage> messages = receive(sqs, queueUrl, queueArn, files.size() + 1);
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Metrics metrics = new Metrics(null);
            Map<String, String> env = new HashMap<>(Map.of(
                    "INGESTION_ENDPOINT", ingestion.endpoint().toString(),
                    "DCR_IMMUTABLE_ID", LocalServices.DCR_IMMUTABLE_ID,
                    "AZURE_AUTH", "secret",
                    "AZURE_CREDENTIALS_SECRET_ARN", secretArn,
                    "AZURE_AUTHORITY_HOST", ingestion.endpoint() + "/",
                    "ALLOWED_BUCKETS", BUCKET));
            Services services = Services.of(s3, moto::secretsManager,
                    new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ingestion.clientSslContext())).build(),
                    new SqsMessageQueue(sqs));
            ForwarderHandler handler = new ForwarderHandler(ForwarderFactory.create(ForwarderConfig.from(env), services,
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics));
            SQSEvent event = new SQSEvent();
            event.setRecords(messages);
            SQSBatchResponse response = handler.handleRequest(event, null);

            // Assert: nothing failed, and each table holds exactly the rows convert makes of the objects.
            assertThat(response.getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(metrics.totals().get("All")).containsEntry("TestEvents", 1.0);
            Path converted = tmp.resolve("convert");
            assertThat(Main.run(new String[] {"convert", "--out", converted.toString(), SAMPLES.toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isZero();
            for (TableSchema table : Tables.ALL) {
                List<JsonNode> expected = new ArrayList<>();
                for (String line : Files.readAllLines(converted.resolve(table.name() + ".ndjson"))) {
                    expected.add(Json.mapper().readTree(line));
                }
                assertThat(ingestion.accepted(table.name())).as(table.name()).isNotEmpty()
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(ingestion.tokenRequests()).singleElement().satisfies(form -> assertThat(form)
                    .containsEntry("client_id", "e2e-client").containsEntry("client_secret", "e2e-secret-value"));
            assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("e2e-secret-value");
        }
    }

    private static List<SQSEvent.SQSMessage> receive(SqsClient sqs, String queueUrl, String queueArn, int expected) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (messages.size() < expected && Instant.now().isBefore(deadline)) {
            for (Message received : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(received.messageId());
                message.setReceiptHandle(received.receiptHandle());
                message.setBody(received.body());
                message.setMd5OfBody(received.md5OfBody());
                message.setEventSource("aws:sqs");
                message.setEventSourceArn(queueArn);
                message.setAwsRegion("us-east-1");
                Map<String, String> attributes = new HashMap<>();
                received.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
                message.setAttributes(attributes);
                messages.add(message);
            }
        }
        assertThat(messages).as("messages delivered by moto").hasSize(expected);
        assertThat(messages).anySatisfy(m -> assertThat(m.getBody()).contains("s3:TestEvent"));
        return messages;
    }

    private static List<Path> sampleFiles() throws Exception {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
