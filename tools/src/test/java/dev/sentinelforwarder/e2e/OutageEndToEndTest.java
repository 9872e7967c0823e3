package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.ManualTime;
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
import dev.sentinelforwarder.queue.SqsMessageQueue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An outage of the ingestion API in the middle of an object of several requests, then a healthy retry,
 * through moto's S3 and SQS (and DynamoDB for the ledger): the attempt hands the rest on from what was
 * accepted, with a delay, and the retry sends exactly the rest. With or without the ledger, no row twice.
 */
class OutageEndToEndTest {
    private static final String BUCKET = "outage-bucket";
    private static final String KEY = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/outage.log.gz";
    private static final int LINES = 60_000;

    @ParameterizedTest(name = "ledger {0}")
    @ValueSource(booleans = {false, true})
    void anOutagePartWayHandsOnFromWhatWasAcceptedAndTheRetrySendsOnlyTheRest(boolean ledger) throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs(); DynamoDbClient dynamoDb = moto.dynamoDb();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromBytes(vpcObject()));
            String queueUrl = sqs.createQueue(r -> r.queueName("forwarder")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Map<String, String> env = new HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "TIME_MARGIN_SECONDS", "20", "RETRY_DELAY_SECONDS", "1"));
            if (ledger) {
                MotoServer.createLedgerTable(dynamoDb, "ledger");
                env.put("LEDGER_TABLE", "ledger");
            }
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Metrics metrics = new Metrics(null);
            ManualTime time = new ManualTime();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                            .sslContext(ingestion.clientSslContext())).build(), new SqsMessageQueue(sqs)).withDynamoDb(() -> dynamoDb).withTime(time.time()),
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), metrics);
            String notification = SqsMessages.s3Notification(BUCKET, KEY);
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(notification));

            // Attempt 1: four requests accepted, then 503 for every request until the attempt gives up.
            ingestion.outageAfter(4);
            SQSEvent first = receive(sqs, queueUrl, queueArn);
            SQSBatchResponse firstResponse = forwarder.process(first, time.deadlineAfter(Duration.ofSeconds(22)));
            delete(sqs, queueUrl, first, firstResponse);
            int acceptedInOutage = ingestion.accepted("AWSVPCFlow").size();

            // Attempt 2, a second later (the hand-on's delay), with the service healthy again.
            ingestion.endOutage();
            SQSEvent second = receive(sqs, queueUrl, queueArn);
            SQSBatchResponse secondResponse = forwarder.process(second, time.deadlineAfter(Duration.ofMinutes(5)));
            delete(sqs, queueUrl, second, secondResponse);

            String log = logs.toString(StandardCharsets.UTF_8);
            assertThat(firstResponse.getBatchItemFailures()).as(log).isEmpty();
            assertThat(secondResponse.getBatchItemFailures()).as(log).isEmpty();
            assertThat(second.getRecords().getFirst().getBody()).contains("sentinelForwarderResume").contains("\"attempt\":1");
            assertThat(acceptedInOutage).as("four full requests").isGreaterThan(4 * 5_000).isLessThan(LINES);
            List<JsonNode> rows = ingestion.accepted("AWSVPCFlow");
            HashSet<Integer> ports = new HashSet<>();
            rows.forEach(row -> ports.add(row.get("SrcPort").intValue()));
            assertThat(ports).as("every row").hasSize(LINES);
            assertThat(rows).as("no row twice").hasSize(LINES);
            assertThat(log).contains("\"outcome\":\"failed part-way, handed on\"").contains("\"outcome\":\"delivered\"");
            assertThat(metrics.totals().get("AWSVPCFlow")).containsEntry("Rows", (double) LINES);

            if (ledger) {
                // A late duplicate of the notification, and the resume message delivered a second time, send nothing.
                SQSBatchResponse duplicates = forwarder.process(SqsMessages.batch(SqsMessages.message("dup-notification", notification),
                        SqsMessages.message("dup-resume", second.getRecords().getFirst().getBody())),
                        time.deadlineAfter(Duration.ofMinutes(5)));
                assertThat(duplicates.getBatchItemFailures()).isEmpty();
                assertThat(ingestion.accepted("AWSVPCFlow")).hasSize(LINES);
                assertThat(metrics.totals().get("All")).containsEntry("DuplicatesSkipped", 2.0);
            }
        }
    }

    private static SQSEvent receive(SqsClient sqs, String queueUrl, String queueArn) {
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(10)
                .visibilityTimeout(60)).messages();
        assertThat(received).hasSize(1);
        SQSEvent.SQSMessage message = SqsMessages.message(received.getFirst().messageId(), received.getFirst().body());
        message.setReceiptHandle(received.getFirst().receiptHandle());
        message.setEventSourceArn(queueArn);
        return SqsMessages.batch(message);
    }

    /** What Lambda's event source mapping does with a partial batch response: delete the messages that succeeded. */
    private static void delete(SqsClient sqs, String queueUrl, SQSEvent event, SQSBatchResponse response) {
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (response.getBatchItemFailures().stream().noneMatch(f -> f.getItemIdentifier().equals(message.getMessageId()))) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle()));
            }
        }
    }

    private static byte[] vpcObject() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("version srcaddr dstaddr srcport start\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < LINES; i++) {
                gzip.write(("5 10.0.0.1 10.0.0.2 " + i + " 1795341600\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
