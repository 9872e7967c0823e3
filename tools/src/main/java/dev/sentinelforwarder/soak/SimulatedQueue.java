package dev.sentinelforwarder.soak;

import dev.sentinelforwarder.queue.MessageQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A standard SQS queue with a redrive policy, in memory, as the forwarder meets it: a received message is
 * invisible for the visibility timeout (or as long as a heartbeat extends it) and comes back unless
 * deleted; after {@code maxReceives} receives it moves to the dead-letter queue; {@code send} honours
 * DelaySeconds. Visibility runs {@link #SPEEDUP} times faster than on SQS (a heartbeat's "two minutes past
 * the deadline" is 12 s here), so a soak does not wait minutes for each failed message; delays are real.
 */
final class SimulatedQueue implements MessageQueue {
    static final int SPEEDUP = 10;
    static final String ARN = "arn:aws:sqs:us-east-1:111122223333:soak-queue";

    /** One message: what SQS keeps of it. */
    record Message(String id, String body, int receives, long visibleAtNanos, String receipt) {
    }

    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final List<Message> deadLetters = new ArrayList<>();
    private final Duration visibilityTimeout;
    private final int maxReceives;
    private long sent;
    private long resumesOfKeyless;

    SimulatedQueue(Duration visibilityTimeout, int maxReceives) {
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceives = maxReceives;
    }

    /** A message sent by S3 (or a duplicate delivery), visible at once. */
    synchronized void put(String body) {
        send(ARN, body, Duration.ZERO, null);
    }

    @Override
    public synchronized void send(String queueArn, String body, Duration delay, String groupId) {
        if (!ARN.equals(queueArn)) {
            throw new IllegalArgumentException("no such queue: " + queueArn);
        }
        String id = "msg-" + ++sent;
        if (body.contains("sentinelForwarderResume") && body.contains("\"key\":\"" + SoakObjects.KEYLESS_PREFIX)) {
            resumesOfKeyless++;
        }
        messages.put(id, new Message(id, body, 0, System.nanoTime() + Math.min(delay.toNanos(), Duration.ofMinutes(15).toNanos()), null));
    }

    @Override
    public synchronized void extendVisibility(String queueArn, String receiptHandle, Duration timeout) {
        for (Map.Entry<String, Message> entry : messages.entrySet()) {
            Message m = entry.getValue();
            if (receiptHandle.equals(m.receipt())) {
                entry.setValue(new Message(m.id(), m.body(), m.receives(), System.nanoTime() + timeout.toNanos() / SPEEDUP, m.receipt()));
                return;
            }
        }
        throw new IllegalArgumentException("ReceiptHandleIsInvalid: the message was deleted or received again");
    }

    /** Up to {@code max} visible messages, each now invisible for the visibility timeout, with a new receipt handle. */
    synchronized List<Message> receive(int max) {
        long now = System.nanoTime();
        List<Message> batch = new ArrayList<>();
        for (Iterator<Map.Entry<String, Message>> it = messages.entrySet().iterator(); it.hasNext() && batch.size() < max; ) {
            Map.Entry<String, Message> entry = it.next();
            Message m = entry.getValue();
            if (m.visibleAtNanos() > now) {
                continue;
            }
            if (m.receives() >= maxReceives) {
                deadLetters.add(m);
                it.remove();
                continue;
            }
            Message received = new Message(m.id(), m.body(), m.receives() + 1, now + visibilityTimeout.toNanos() / SPEEDUP,
                    UUID.randomUUID().toString());
            entry.setValue(received);
            batch.add(received);
        }
        return batch;
    }

    synchronized void delete(String receiptHandle) {
        messages.values().removeIf(m -> receiptHandle.equals(m.receipt()));
    }

    /** True when no message is left, visible, in flight or delayed. */
    synchronized boolean drained() {
        return messages.isEmpty();
    }

    synchronized List<Message> deadLetters() {
        return List.copyOf(deadLetters);
    }

    synchronized long sent() {
        return sent;
    }

    /** Resume messages the forwarders sent for objects whose key names no account. */
    synchronized long resumesOfKeyless() {
        return resumesOfKeyless;
    }
}
