package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.HttpClient;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An object too large for the time left: the forwarder stops at a record, sends itself a resume message
 * through SQS (moto), and the next invocation sends the rest without sending any row twice. Meanwhile
 * the heartbeat keeps the message from becoming visible again.
 */
class HandOnEndToEndTest {
    private static final String BUCKET = "handon-bucket";
    private static final String KEY = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/big.log.gz";
    private static final int LINES = 200_000;

    @Test
    void aLargeObjectIsHandedOnAndFinishedWithoutDuplicates() throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromBytes(bigVpcObject()));
            String queueUrl = sqs.createQueue(r -> r.queueName("forwarder").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")))
                    .queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SqsMessages.s3Notification(BUCKET, KEY)));
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Map<String, String> env = new java.util.HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "TIME_MARGIN_SECONDS", "30"));
            // Every call to Entra or the ingestion API takes 2 s of the invocation's time, so "30 s left" comes
            // after the token and seven of the object's sixteen requests (compact rows), the same on any machine; the
            // requests in flight then still have time to finish.
            ManualTime time = new ManualTime();
            HttpClient slowHttp = time.taking(Duration.ofSeconds(2),
                    new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ingestion.clientSslContext())).build());
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, slowHttp, new SqsMessageQueue(sqs)).withTime(time.time()),
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));

            // First invocation: 45 s, of which the last 30 are kept for handing on.
            SQSEvent first = receive(sqs, queueUrl, queueArn);
            SQSBatchResponse firstResponse = forwarder.process(first, time.deadlineAfter(Duration.ofSeconds(45)));
            Thread.sleep(1_500);
            assertThat(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).attributeNamesWithStrings("All"))
                    .messages()).as("the heartbeat keeps the first message hidden past the queue's 1 s visibility")
                    .noneMatch(m -> m.body().contains("ObjectCreated"));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(first.getRecords().getFirst().getReceiptHandle()));

            // Second invocation: the resume message, with all the time in the world.
            SQSEvent second = receive(sqs, queueUrl, queueArn);
            assertThat(second.getRecords().getFirst().getBody()).contains("sentinelForwarderResume");
            SQSBatchResponse secondResponse = forwarder.process(second, time.deadlineAfter(Duration.ofMinutes(5)));

            assertThat(firstResponse.getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(secondResponse.getBatchItemFailures()).isEmpty();
            List<JsonNode> rows = ingestion.accepted("AWSVPCFlow");
            Set<Integer> ports = new HashSet<>();
            rows.forEach(row -> ports.add(row.get("SrcPort").intValue()));
            assertThat(rows).as("no row twice").hasSize(LINES);
            assertThat(ports).hasSize(LINES);
            assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"handed on\"").contains("\"settled\":\"0-")
                    .contains("\"resumedAfter\":");
        }
    }

    private static SQSEvent receive(SqsClient sqs, String queueUrl, String queueArn) {
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(5)
                .visibilityTimeout(1)).messages();
        assertThat(received).hasSize(1);
        SQSEvent.SQSMessage message = SqsMessages.message(received.getFirst().messageId(), received.getFirst().body());
        message.setReceiptHandle(received.getFirst().receiptHandle());
        message.setEventSourceArn(queueArn);
        return SqsMessages.batch(message);
    }

    private static byte[] bigVpcObject() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write("version srcaddr dstaddr srcport start\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < LINES; i++) {
                gzip.write(("5 10.0.0.1 10.0.0.2 " + (10_000 + i) + " 1795341600\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
