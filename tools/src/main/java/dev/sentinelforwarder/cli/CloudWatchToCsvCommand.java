package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cloudwatch-to-csv EVENT.json --out FILE.csv.gz}: the companion's conversion on a saved
 * subscription event (the Lambda event JSON), written locally, with the key it would get in S3.
 */
@Command(name = "cloudwatch-to-csv", description = "Write what the CloudWatch companion would put in S3 for a saved subscription event.")
final class CloudWatchToCsvCommand extends ToolCommand {
    @Parameters(paramLabel = "EVENT.json", description = "a CloudWatch Logs subscription event ({\"awslogs\":{\"data\":...}})")
    Path event;
    @Option(names = "--out", required = true, paramLabel = "FILE.csv.gz", description = "the gzip CSV to write")
    Path file;

    @Override
    public Integer call() {
        try {
            JsonNode root = Json.mapper().readTree(event.toFile());
            JsonNode data = root.path("awslogs").path("data");
            if (!data.isTextual()) {
                throw new CommandFailedException(event + ": not a CloudWatch Logs subscription event (no awslogs.data)");
            }
            Optional<CloudWatchExporter.Export> export = CloudWatchExporter.export(data.textValue(), "",
                    System.getenv().getOrDefault("AWS_REGION", "local"), "local");
            if (export.isEmpty()) {
                out.println(event + ": control message or no events: nothing would be written");
                return 0;
            }
            Files.write(file, export.get().gzipCsv());
            out.println(event + ": " + export.get().envelope().events() + " events -> " + file + " (S3 key: "
                    + export.get().key() + ")");
            return 0;
        } catch (IOException e) {
            throw new CommandFailedException(event + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
