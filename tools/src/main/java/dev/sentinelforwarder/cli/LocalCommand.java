package dev.sentinelforwarder.cli;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.Forwarder;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.SqsEventJson;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code local [--events DIR] [--objects DIR] [--out DIR]}: the forwarder's whole job on this machine.
 * Each SQS event file goes through the real handler, which reads the objects from a local S3 serving
 * {@code --objects} and sends rows to the local Logs Ingestion fake, which checks them as the service
 * does. Prints each batch response and, per table, what the fake accepted.
 */
final class LocalCommand {
    private LocalCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path events = Path.of("events");
        Path objects = Path.of("samples", "objects");
        Path outDir = Path.of("target", "local-run");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Path.of(value(args, ++i));
                case "--objects" -> objects = Path.of(value(args, ++i));
                case "--out" -> outDir = Path.of(value(args, ++i));
                default -> throw new UsageException("local: unknown argument " + args[i]);
            }
        }
        if (!Files.isDirectory(events) || !Files.isDirectory(objects)) {
            err.println("local: " + (Files.isDirectory(events) ? objects : events) + " is not a directory"
                    + " (run from the repository root, or give --events and --objects)");
            return 1;
        }
        try (LocalServices local = LocalServices.start(objects)) {
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(local.environment()),
                    local.services(outDir.resolve("quarantine")),
                    new JsonLog(err), new Metrics(null));
            ForwarderHandler handler = new ForwarderHandler(forwarder);
            int failed = 0;
            for (Path file : eventFiles(events)) {
                JsonNode event = Json.mapper().readTree(file.toFile());
                if (!SqsEventJson.isSqsEvent(event)) {
                    out.println(file + ": not an SQS event, passed over" + (event.has("awslogs")
                            ? " (a CloudWatch Logs delivery for the companion: try cloudwatch-to-csv " + file + " --out FILE.csv.gz)" : ""));
                    continue;
                }
                SQSBatchResponse response = handler.handleRequest(SqsEventJson.read(event), null);
                failed += response.getBatchItemFailures().size();
                out.println(file + ": " + SqsEventJson.write(response));
            }
            summarise(local.ingestion(), outDir, out);
            out.printf("identity: federated, no secret: %d AWS token(s) from the local STS, exchanged %d time(s) at the local"
                    + " Entra for a token of the managed identity%n", local.sts().tokensIssued(), local.ingestion().tokenRequests().size());
            out.println(failed == 0 ? "every message succeeded; the forwarder's log lines went to stderr"
                    : failed + " message(s) failed");
            if (failed > 0) {
                err.println(failed + " message(s) failed: see the log lines above for why");
                return 1;
            }
            return 0;
        } catch (IOException e) {
            err.println("local: " + e.getMessage());
            return 1;
        }
    }

    private static void summarise(LogsIngestionFake ingestion, Path outDir, PrintStream out) throws IOException {
        Files.createDirectories(outDir);
        var accepted = ingestion.accepted();
        for (var entry : LogsIngestionFake.defaultStreams().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey()).toList()) {
            String stream = entry.getKey();
            Path file = outDir.resolve(entry.getValue().name() + ".ndjson");
            List<JsonNode> rows = accepted.getOrDefault(stream, List.of());
            try (JsonGenerator json = Json.mapper().getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                json.setRootValueSeparator(null);
                for (JsonNode row : rows) {
                    json.writeTree(row);
                    json.writeRaw('\n');
                }
            }
            var requests = ingestion.received().stream().filter(r -> r.stream().equals(stream) && r.status() == 204).toList();
            out.printf("%-14s rows accepted %6d, requests %3d, bytes %8d gzip (%d json) -> %s%n", entry.getValue().name(),
                    rows.size(), requests.size(), requests.stream().mapToLong(LogsIngestionFake.Received::compressedBytes).sum(),
                    requests.stream().mapToLong(LogsIngestionFake.Received::uncompressedBytes).sum(), file);
        }
    }

    private static List<Path> eventFiles(Path events) throws IOException {
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException("local: " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
