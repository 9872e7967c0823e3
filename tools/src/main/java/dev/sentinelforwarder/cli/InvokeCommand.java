package dev.sentinelforwarder.cli;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.SqsEventJson;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code invoke EVENT.json}: runs the forwarder handler once on a Lambda SQS event with the configuration
 * from the environment and the real services, as {@code sam local invoke} would. Useful to replay a
 * dead-letter message by hand.
 */
@Command(name = "invoke", description = {"Run the forwarder once on a saved Lambda SQS event, against the real services.",
        "With the configuration from the environment; prints the batch response (exit 1 when a message failed)."})
final class InvokeCommand extends ToolCommand {
    @Parameters(paramLabel = "EVENT.json", description = "a Lambda SQS event (Records from aws:sqs)")
    Path eventFile;

    @Override
    public Integer call() {
        JsonNode event;
        try {
            event = Json.mapper().readTree(eventFile.toFile());
        } catch (IOException e) {
            throw new CommandFailedException(eventFile + ": cannot read the event: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!SqsEventJson.isSqsEvent(event)) {
            throw new CommandFailedException(eventFile + ": not a Lambda SQS event (Records from aws:sqs)");
        }
        try {
            ForwarderConfig.from(System.getenv()); // every setting's problem at once, before any AWS client is built
        } catch (ConfigurationException e) {
            throw new CommandFailedException(e.getMessage());
        }
        AwsRegion.require();
        ForwarderHandler handler = new ForwarderHandler();
        SQSBatchResponse response = handler.handleRequest(SqsEventJson.read(event), null);
        out.println(SqsEventJson.write(response));
        return response.getBatchItemFailures().isEmpty() ? 0 : 1;
    }
}
