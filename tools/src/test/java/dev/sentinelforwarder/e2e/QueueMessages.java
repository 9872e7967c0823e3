package dev.sentinelforwarder.e2e;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.handler.SqsMessages;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What a queue holds, taken off it as one batch, as Lambda would hand it over. */
final class QueueMessages {
    private QueueMessages() {
    }

    /** Every message on the queue, deleted from it (the batch is the test's to process). */
    static SQSEvent takeAll(SqsClient sqs, String queueUrl) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int empty = 0; empty < 2; ) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            empty = batch.isEmpty() ? empty + 1 : 0;
            for (Message m : batch) {
                messages.add(SqsMessages.message(m.messageId(), m.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return SqsMessages.batch(messages.toArray(SQSEvent.SQSMessage[]::new));
    }
}
