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

    /** SQS delays a message at most 15 minutes. */
    static final long MAX_DELAY_SECONDS = 900;

    @Override
    public void send(String queueArn, String body, Duration delay, String groupId) {
        if (queueArn.endsWith(".fifo")) {
            // Deduplicated by content: the same hand-on sent twice (a retried SendMessage) is one message.
            sqs.sendMessage(r -> r.queueUrl(url(queueArn)).messageBody(body).messageGroupId(groupId == null ? "sentinel-forwarder" : groupId)
                    .messageDeduplicationId(sha256(body)));
            return;
        }
        int seconds = (int) Math.min(MAX_DELAY_SECONDS, Math.max(0, delay.toSeconds()));
        sqs.sendMessage(r -> r.queueUrl(url(queueArn)).messageBody(body).delaySeconds(seconds));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
