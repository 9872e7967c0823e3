package dev.sentinelforwarder.cli;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.SqsEventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code invoke EVENT.json}: runs the forwarder handler once on a Lambda SQS event with the configuration
 * from the environment and the real services, as {@code sam local invoke} would. Useful to replay a
 * dead-letter message by hand.
 */
final class InvokeCommand {
    private InvokeCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            throw new UsageException("invoke: name one event file");
        }
        JsonNode event;
        try {
            event = Json.mapper().readTree(Path.of(args[0]).toFile());
        } catch (IOException e) {
            err.println(args[0] + ": cannot read the event: " + e.getMessage());
            return 1;
        }
        if (!SqsEventJson.isSqsEvent(event)) {
            err.println(args[0] + ": not a Lambda SQS event (Records from aws:sqs)");
            return 1;
        }
        ForwarderHandler handler;
        try {
            handler = new ForwarderHandler();
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 1;
        }
        SQSBatchResponse response = handler.handleRequest(SqsEventJson.read(event), null);
        out.println(SqsEventJson.write(response));
        return response.getBatchItemFailures().isEmpty() ? 0 : 1;
    }
}
