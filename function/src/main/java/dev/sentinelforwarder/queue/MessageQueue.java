package dev.sentinelforwarder.queue;

import java.time.Duration;

/** The queue the notifications come from, for handing on the rest of an object and keeping a message hidden. */
public interface MessageQueue {
    /**
     * Sends {@code body} to the queue with this ARN, visible after {@code delay} (at most 15 minutes); throws
     * when it could not be sent.
     *
     * @param groupId the message group on a FIFO queue (which delays whole queues only, not messages), else null
     */
    void send(String queueArn, String body, Duration delay, String groupId);

    /** Keeps a received message invisible for {@code timeout} from now (a heartbeat while it is worked on). */
    void extendVisibility(String queueArn, String receiptHandle, Duration timeout);
}
