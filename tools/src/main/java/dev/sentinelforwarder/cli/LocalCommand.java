package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.SqsEventJson;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
import dev.sentinelforwarder.local.LocalSqs;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code local}: the forwarder's whole job on this machine, run as Lambda runs it. The Lambda jar runs in its own JVM
 * under Lambda's runtime interface client, against a local Runtime API that hands it each SQS event file with a
 * 5-minute deadline (the stack's timeout). The handler reads the objects from a local S3 serving a copy of
 * {@code --objects} and sends rows to the local Logs Ingestion fake, which checks them as the service does. Prints
 * each response as the runtime serialised it and, per table, what the fake accepted.
 */
@Command(name = "local", description = {"Run the forwarder Lambda on sample events, on this machine, with no cloud account.",
        "The Lambda jar runs under Lambda's runtime client on the SQS events in --events, against a local S3 serving",
        "--objects, a local SQS, STS and Entra, and a local Logs Ingestion endpoint; prints what was accepted."})
final class LocalCommand extends ToolCommand {
    static final String HANDLER = "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest";
    /** The stack's function timeout: the deadline each invocation gets. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** A function that hands the same work on forever must not keep the local run going. */
    private static final int MAX_HAND_ON_ROUNDS = 20;

    @Option(names = "--events", paramLabel = "DIR", description = "the SQS event files (default: ${DEFAULT-VALUE})")
    Path events = Path.of("events");
    @Option(names = "--objects", paramLabel = "DIR", description = "the objects, as <bucket>/<key> (default: ${DEFAULT-VALUE})")
    Path objects = Path.of("samples", "objects");
    @Option(names = "--out", paramLabel = "DIR", description = "where the accepted rows go, one <Table>.ndjson each (default: ${DEFAULT-VALUE})")
    Path outDir = Path.of("target", "local-run");
    @Option(names = "--row-format", paramLabel = "compact|full", converter = TypeOptions.RowFormatId.class,
            description = "the rows' column names (default: compact)")
    RowFormat format = RowFormat.COMPACT;

    @Override
    public Integer call() {
        if (!Files.isDirectory(events) || !Files.isDirectory(objects)) {
            throw new CommandFailedException((Files.isDirectory(events) ? objects : events) + " is not a directory"
                    + " (run from the repository root, or give --events and --objects)");
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
                    failed += invoke(local, api, event, file.toString());
                }
                // What the function handed on to its queue comes back as the event source mapping would bring it.
                for (int round = 1; round <= MAX_HAND_ON_ROUNDS; round++) {
                    List<LocalSqs.Sent> sent = local.sqs().takeSent();
                    if (sent.isEmpty()) {
                        break;
                    }
                    failed += invoke(local, api, handedOn(sent, round), sent.size() + " handed-on message(s), round " + round);
                }
                err.print(function.output());
                summarise(local.ingestion(), outDir, out);
                out.println("request bodies gzipped by: " + compressor(function.output()));
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
            throw new CommandFailedException(Failures.chain(e), e);
        }
    }

    /** Invokes the function on one SQS event; returns how many of its messages failed. */
    private int invoke(LocalServices local, LambdaRuntimeApi api, JsonNode event, String what) throws Exception {
        local.sqs().deliver(event);
        LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(event.toString(), TIMEOUT), TIMEOUT.plusMinutes(1));
        out.println(what + ": " + (result.isError() ? "ERROR " + result.errorType() + " " : "") + result.body());
        return result.isError() ? event.path("Records").size() : Json.mapper().readTree(result.body()).path("batchItemFailures").size();
    }

    /** An SQS event of the messages the function sent, shaped as Lambda delivers them. */
    private static JsonNode handedOn(List<LocalSqs.Sent> sent, int round) {
        var event = Json.mapper().createObjectNode();
        var records = event.putArray("Records");
        for (int i = 0; i < sent.size(); i++) {
            LocalSqs.Sent message = sent.get(i);
            var record = records.addObject();
            record.put("messageId", "local-hand-on-" + round + "-" + i).put("receiptHandle", "local-hand-on-" + round + "-" + i)
                    .put("body", message.body()).put("md5OfBody", "").put("eventSource", "aws:sqs")
                    .put("eventSourceARN", message.queueArn()).put("awsRegion", "us-east-1");
            record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp",
                    String.valueOf(System.currentTimeMillis()));
            record.putObject("messageAttributes");
        }
        return event;
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

    /** What the function's start line says compressed the request bodies (libdeflate, or the JDK's zlib and why). */
    static String compressor(String functionOutput) {
        String compressor = "(the function did not say: no start line)";
        String fallback = "";
        for (String line : functionOutput.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode fields;
            try {
                fields = Json.mapper().readTree(line);
            } catch (IOException notJson) {
                continue;
            }
            if (fields.path("message").asText().equals("forwarder started")) {
                compressor = fields.path("compressor").asText();
            } else if (fields.has("reason") && fields.path("message").asText().startsWith("libdeflate could not be loaded")) {
                fallback = " (libdeflate did not load: " + fields.path("reason").asText() + ")";
            }
        }
        return compressor + fallback;
    }

    private static List<Path> eventFiles(Path events) throws IOException {
        try (Stream<Path> files = Files.list(events)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
