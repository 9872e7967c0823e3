package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code cloudwatch-to-csv EVENT.json --out FILE.csv.gz}: the companion's conversion on a saved
 * subscription event (the Lambda event JSON), written locally, with the key it would get in S3.
 */
final class CloudWatchToCsvCommand {
    private CloudWatchToCsvCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path event = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out")) {
                if (++i >= args.length) {
                    throw new UsageException("cloudwatch-to-csv: --out needs a file");
                }
                file = Path.of(args[i]);
            } else if (event == null && !args[i].startsWith("--")) {
                event = Path.of(args[i]);
            } else {
                throw new UsageException("cloudwatch-to-csv: unexpected argument " + args[i]);
            }
        }
        if (event == null || file == null) {
            throw new UsageException("cloudwatch-to-csv: name the event file and --out FILE.csv.gz");
        }
        try {
            JsonNode root = Json.mapper().readTree(event.toFile());
            JsonNode data = root.path("awslogs").path("data");
            if (!data.isTextual()) {
                err.println(event + ": not a CloudWatch Logs subscription event (no awslogs.data)");
                return 1;
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
            err.println(event + ": " + e.getMessage());
            return 1;
        }
    }
}
