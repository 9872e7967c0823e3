package dev.sentinelforwarder.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.handler.SqsMessages;
import dev.sentinelforwarder.handler.batch.Forwarder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What a queue holds, taken off it as one batch, as Lambda would hand it over. */
final class QueueMessages {
    private QueueMessages() {
    }

    /** Every message on the queue, deleted from it (the batch is the test's to process). */
    static SQSEvent takeAll(SqsClient sqs, String queueUrl) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (List<Message> batch; !(batch = receive(sqs, queueUrl, 30)).isEmpty(); ) {
            for (Message m : batch) {
                messages.add(SqsMessages.message(m.messageId(), m.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return SqsMessages.batch(messages.toArray(SQSEvent.SQSMessage[]::new));
    }

    /**
     * Processes what the queue holds, batch by batch as Lambda's event source mapping would; returns the messages that failed.
     * A failed message comes back when the visibility the heartbeat gave it ends, minutes later: here after the round.
     */
    static int drain(SqsClient sqs, String queueUrl, String queueArn, Forwarder forwarder, ManualTime time) {
        List<String> failed = new ArrayList<>();
        while (true) {
            List<Message> received = receive(sqs, queueUrl, 60);
            if (received.isEmpty()) {
                failed.forEach(handle -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(0)));
                return failed.size();
            }
            List<SQSEvent.SQSMessage> messages = new ArrayList<>();
            for (Message message : received) {
                SQSEvent.SQSMessage sqsMessage = SqsMessages.message(message.messageId(), message.body());
                sqsMessage.setReceiptHandle(message.receiptHandle());
                sqsMessage.setEventSourceArn(queueArn);
                messages.add(sqsMessage);
            }
            SQSBatchResponse response = forwarder.process(SqsMessages.batch(messages.toArray(SQSEvent.SQSMessage[]::new)),
                    time.deadlineAfter(Duration.ofMinutes(5)));
            for (SQSEvent.SQSMessage message : messages) {
                if (response.getBatchItemFailures().stream().noneMatch(f -> f.getItemIdentifier().equals(message.getMessageId()))) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle()));
                } else {
                    failed.add(message.getReceiptHandle());
                }
            }
        }
    }

    /** Messages visible, in flight or delayed. */
    static int depth(SqsClient sqs, String queueUrl) {
        return count(sqs, queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
    }

    /**
     * The next messages, waiting only while some are visible or delayed (a hand-on's delay is real time, even on moto):
     * a long poll on an empty queue would cost every call its full wait. Moto's counts are exact, so once nothing is
     * visible or delayed, nothing is coming.
     */
    private static List<Message> receive(SqsClient sqs, String queueUrl, int visibilitySeconds) {
        while (count(sqs, queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) > 0) {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(visibilitySeconds)).messages();
            if (!received.isEmpty()) {
                return received;
            }
        }
        return List.of();
    }

    private static int count(SqsClient sqs, String queueUrl, QueueAttributeName... names) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(names)).attributes().values().stream()
                .mapToInt(Integer::parseInt).sum();
    }
}
