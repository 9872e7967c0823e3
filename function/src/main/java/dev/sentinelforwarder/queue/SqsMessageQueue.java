package dev.sentinelforwarder.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link MessageQueue} on SQS. Queue URLs are looked up once per queue ARN from its name and account. */
public final class SqsMessageQueue implements MessageQueue {
    /** SQS refuses a visibility timeout over 12 hours. */
    private static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public SqsMessageQueue(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void send(String queueArn, String body) {
        sqs.sendMessage(r -> r.queueUrl(url(queueArn)).messageBody(body));
    }

    @Override
    public void extendVisibility(String queueArn, String receiptHandle, Duration timeout) {
        int seconds = (int) Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, timeout.toSeconds()));
        sqs.changeMessageVisibility(r -> r.queueUrl(url(queueArn)).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    private String url(String queueArn) {
        return urls.computeIfAbsent(queueArn, arn -> {
            // arn:aws:sqs:<region>:<account>:<name>
            String[] parts = arn.split(":");
            if (parts.length != 6 || !parts[2].equals("sqs")) {
                throw new IllegalArgumentException("not an SQS queue ARN: " + arn);
            }
            return sqs.getQueueUrl(r -> r.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
        });
    }
}
