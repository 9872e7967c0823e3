package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.SqsEventJson;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code local [--events DIR] [--objects DIR] [--out DIR] [--row-format compact|full]}: the forwarder's whole job on this machine, run as Lambda
 * runs it. The Lambda jar runs in its own JVM under Lambda's runtime interface client, against a local Runtime API
 * that hands it each SQS event file with a 5-minute deadline (the stack's timeout). The handler reads the objects
 * from a local S3 serving a copy of {@code --objects} and sends rows to the local Logs Ingestion fake, which checks
 * them as the service does. Prints each response as the runtime serialised it and, per table, what the fake accepted.
 */
final class LocalCommand {
    static final String HANDLER = "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest";
    /** The stack's function timeout: the deadline each invocation gets. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private LocalCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path events = Path.of("events");
        Path objects = Path.of("samples", "objects");
        Path outDir = Path.of("target", "local-run");
        RowFormat format = RowFormat.COMPACT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--row-format" -> {
                    String id = value(args, ++i);
                    format = RowFormat.byId(id).orElseThrow(() -> new UsageException("local: --row-format is compact or full, not " + id));
                }
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
        try {
            Path work = fresh(outDir.resolve("function"));
            // A copy: whatever the function writes (quarantine) stays out of the samples.
            Path served = copy(objects, fresh(outDir.resolve("objects")));
            try (LocalServices local = LocalServices.start(served); LambdaRuntimeApi api = LambdaRuntimeApi.start();
                    FunctionProcess function = FunctionProcess.start(FunctionProcess.lambdaJar(), FunctionProcess.runtime(), HANDLER, api,
                            rowFormat(local.functionEnvironment(), format), local.functionJvmOptions(work), work)) {
                int failed = 0;
                for (Path file : eventFiles(events)) {
                    JsonNode event = Json.mapper().readTree(file.toFile());
                    if (!SqsEventJson.isSqsEvent(event)) {
                        out.println(file + ": not an SQS event, passed over" + (event.has("awslogs")
                                ? " (a CloudWatch Logs delivery for the companion: try cloudwatch-to-csv " + file + " --out FILE.csv.gz)" : ""));
                        continue;
                    }
                    LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(event.toString(), TIMEOUT), TIMEOUT.plusMinutes(1));
                    out.println(file + ": " + (result.isError() ? "ERROR " + result.errorType() + " " : "") + result.body());
                    failed += result.isError() ? 1 : Json.mapper().readTree(result.body()).path("batchItemFailures").size();
                }
                err.print(function.output());
                summarise(local.ingestion(), outDir, out);
                out.printf("identity: federated, no secret: %d AWS token(s) from the local STS, exchanged %d time(s) at the local"
                        + " Entra for a token of the managed identity%n", local.sts().tokensIssued(), local.ingestion().tokenRequests().size());
                out.println(failed == 0 ? "every message succeeded, through Lambda's runtime client; the function's output went to stderr"
                        : failed + " message(s) failed");
                if (failed > 0) {
                    err.println(failed + " message(s) failed: see the log lines above for why");
                    return 1;
                }
                return 0;
            }
        } catch (Exception e) {
            err.println("local: " + Failures.chain(e));
            return 1;
        }
    }

    private static java.util.Map<String, String> rowFormat(java.util.Map<String, String> environment, RowFormat format) {
        java.util.Map<String, String> with = new java.util.HashMap<>(environment);
        with.put("ROW_FORMAT", format.id());
        return with;
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static void summarise(LogsIngestionFake ingestion, Path outDir, PrintStream out) throws IOException {
        Files.createDirectories(outDir);
        var accepted = ingestion.accepted();
        for (TableSchema table : Tables.ALL.stream().sorted(java.util.Comparator.comparing(TableSchema::name)).toList()) {
            Path file = outDir.resolve(table.name() + ".ndjson");
            List<JsonNode> rows = accepted.getOrDefault(table.name(), List.of());
            try (JsonGenerator json = Json.mapper().getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                json.setRootValueSeparator(null);
                for (JsonNode row : rows) {
                    json.writeTree(row);
                    json.writeRaw('\n');
                }
            }
            var requests = ingestion.received().stream().filter(r -> table.equals(r.table()) && r.status() == 204).toList();
            out.printf("%-24s rows accepted %6d, requests %3d, bytes %8d gzip (%d json) -> %s%n", table.name(),
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
