package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.CapturedLog;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.SqsMessages;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import dev.sentinelforwarder.testing.Gzip;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A workspace that takes requests and never answers, beside a healthy one, through moto's S3 and SQS (with a dead-letter
 * queue after three receives) in real time: the hanging workspace's objects come first in the batch, yet the healthy one
 * has every row of its own objects after the first invocation, at the stack's default timeout and at 60 s, and none of
 * its messages come back or reach the DLQ. The hang costs one attempt, at most a quarter of the invocation; in the next
 * batch the container sends the healthy workspace's objects first; once the workspace answers again, its objects go
 * through, each row once.
 */
class HangingWorkspaceEndToEndTest {
    private static final String BUCKET = "org-logs";
    private static final String EU_RULE = "dcr-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final int FLOWS = 200;

    @ParameterizedTest(name = "a {0} s invocation")
    @ValueSource(ints = {300, 60})
    @Execution(ExecutionMode.CONCURRENT) // each case waits out hangs of its own on its own moto and fakes: side by side
    void aHangingWorkspaceCostsOneAttemptAndTheHealthyOnesObjectsGoThrough(int timeoutSeconds) throws Exception {
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs();
                LogsIngestionFake healthy = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
                LogsIngestionFake hanging = LogsIngestionFake.startInTenantOf(healthy, EU_RULE)) {
            s3.createBucket(r -> r.bucket(BUCKET));
            String dlqUrl = sqs.createQueue(r -> r.queueName("forwarder-dlq")).queueUrl();
            String dlqArn = arn(sqs, dlqUrl);
            String queueUrl = sqs.createQueue(r -> r.queueName("forwarder").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
            for (int i = 0; i < 8; i++) {
                boolean eu = i < 3; // the hanging workspace's objects first
                String account = eu ? "111122223333" : "444455556666";
                String key = "AWSLogs/" + account + "/vpcflowlogs/" + (eu ? "eu-west-1" : "us-east-1") + "/2026/11/22/" + account
                        + "_vpcflowlogs_flow-" + i + ".log.gz";
                s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(flows(account, i)));
                sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SqsMessages.s3Notification(BUCKET, key)));
            }
            hanging.hangRule(EU_RULE);
            Map<String, String> env = new HashMap<>(healthy.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET,
                    "DESTINATIONS", "[{\"name\":\"eu\",\"endpoint\":\"" + hanging.endpoint() + "\",\"rules\":[\"" + EU_RULE + "\"]}]",
                    "DESTINATION_RULES", "[{\"to\":\"eu\",\"region\":\"eu-*\"}]"));
            CapturedLog logs = new CapturedLog();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), Services.of(s3, () -> null,
                    new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(healthy.clientSslContext())).build(),
                    new SqsMessageQueue(sqs)), logs.log(), new Metrics(null));

            Duration visibility = Duration.ofSeconds(2L * timeoutSeconds);
            List<Message> received = receiveAll(sqs, queueUrl, visibility);
            assertThat(received).hasSize(8);
            long started = System.nanoTime();
            SQSBatchResponse response = forwarder.process(batch(received, arn(sqs, queueUrl)),
                    Deadline.after(Duration.ofSeconds(timeoutSeconds), Clock.systemUTC()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            settle(sqs, queueUrl, received, response);

            assertThat(healthy.accepted("AWSVPCFlow")).as(logs.text()).hasSize(5 * FLOWS);
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .as("only the hanging workspace's messages come back")
                    .containsExactlyInAnyOrderElementsOf(received.subList(0, 3).stream().map(Message::messageId).toList());
            assertThat(took).as("the hang cost one attempt: a quarter of what was left, at most 30 s")
                    .isLessThan(Duration.ofSeconds(Math.min(30, (timeoutSeconds - 12) / 4) + 15));
            assertThat(hanging.received()).as("one object's requests met the hang; the others were not started")
                    .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("InjectedHang")).hasSizeLessThanOrEqualTo(4);
            assertThat(logs.text()).contains("gave no answer within the attempt's time")
                    .contains("an earlier object bound for the same destination got no answer from it");

            // Still hanging, the next batch: the hanging workspace's messages come back, with two new objects of the
            // healthy one behind them. This container knows which destination hung: the healthy objects go first (once,
            // at 60 s: the order does not depend on the timeout, and each hang costs the test its attempt's time).
            int healthyObjects = 5;
            if (timeoutSeconds == 60) {
                for (int i = 8; i < 10; i++) {
                    String key = "AWSLogs/444455556666/vpcflowlogs/us-east-1/2026/11/22/444455556666_vpcflowlogs_flow-" + i + ".log.gz";
                    s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(flows("444455556666", i)));
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SqsMessages.s3Notification(BUCKET, key)));
                }
                List<Message> second = receiveAll(sqs, queueUrl, visibility);
                assertThat(second).hasSize(5);
                int linesBefore = logs.lines().size();
                SQSBatchResponse secondResponse = forwarder.process(batch(second, arn(sqs, queueUrl)),
                        Deadline.after(Duration.ofSeconds(timeoutSeconds), Clock.systemUTC()));
                settle(sqs, queueUrl, second, secondResponse);
                assertThat(healthy.accepted("AWSVPCFlow")).hasSize(7 * FLOWS);
                List<String> order = logs.lines().subList(linesBefore, logs.lines().size()).stream()
                        .filter(line -> line.has("destination") && line.has("key")).map(line -> line.path("destination").asText()).toList();
                assertThat(order).as("this batch's objects in the order they were taken up").containsExactly("default", "default", "eu",
                        "eu", "eu");
                healthyObjects = 7;
            }

            // The healthy messages are gone for good; once the workspace answers again, the others go through too.
            hanging.answerNormally(EU_RULE);
            List<Message> again = receiveAll(sqs, queueUrl, visibility);
            assertThat(again).extracting(Message::messageId).as("only the hanging workspace's messages came back")
                    .containsExactlyInAnyOrderElementsOf(received.subList(0, 3).stream().map(Message::messageId).toList());
            SQSBatchResponse third = forwarder.process(batch(again, arn(sqs, queueUrl)),
                    Deadline.after(Duration.ofSeconds(timeoutSeconds), Clock.systemUTC()));
            settle(sqs, queueUrl, again, third);
            assertThat(third.getBatchItemFailures()).isEmpty();
            assertThat(hanging.accepted("AWSVPCFlow")).hasSize(3 * FLOWS);
            assertThat(healthy.accepted("AWSVPCFlow")).as("nothing twice").hasSize(healthyObjects * FLOWS);
            assertThat(receiveAll(sqs, queueUrl, visibility)).isEmpty();
            assertThat(receiveAll(sqs, dlqUrl, visibility)).as("nothing reached the dead-letter queue").isEmpty();
        }
    }

    private static byte[] flows(String account, int object) throws IOException {
        StringBuilder text = new StringBuilder("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes"
                + " start end action log-status\n");
        for (int i = 0; i < FLOWS; i++) {
            text.append("2 ").append(account).append(" eni-0a1b2c3d4e5f6071").append(object).append(" 10.0.0.1 10.0.1.2 ")
                    .append(20_000 + i).append(" 443 6 10 840 1795341600 1795341660 ACCEPT OK\n");
        }
        return Gzip.gzip(text.toString());
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Every message visible now, as Lambda's event source mapping takes them: invisible while the batch runs. */
    private static List<Message> receiveAll(SqsClient sqs, String url, Duration visibility) {
        List<Message> all = new ArrayList<>();
        for (List<Message> batch; !(batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                .visibilityTimeout((int) visibility.toSeconds()).waitTimeSeconds(1)).messages()).isEmpty(); ) {
            all.addAll(batch);
        }
        return all;
    }

    private static SQSEvent batch(List<Message> messages, String queueArn) {
        return SqsMessages.batch(messages.stream().map(m -> {
            SQSEvent.SQSMessage message = SqsMessages.message(m.messageId(), m.body());
            message.setEventSourceArn(queueArn);
            return message;
        }).toArray(SQSEvent.SQSMessage[]::new));
    }

    /** As the event source mapping does: succeeded messages deleted, failed ones visible again (here at once). */
    private static void settle(SqsClient sqs, String url, List<Message> messages, SQSBatchResponse response) {
        for (Message message : messages) {
            if (response.getBatchItemFailures().stream().noneMatch(f -> f.getItemIdentifier().equals(message.messageId()))) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            } else {
                sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            }
        }
    }
}
