package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.bench.Bench;
import dev.sentinelforwarder.bench.Latency;
import dev.sentinelforwarder.bench.ParquetFlowLogWriter;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.sample.LogGenerator;
import dev.sentinelforwarder.table.RowFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bench FILE...} prints one JSON line of figures per file and run (the first run of a fresh JVM includes JIT
 * compilation; later runs show a warm Lambda instance); with filter rules, rows are dropped as the forwarder drops
 * them, and the time spent testing rows against the rules is measured on its own. {@code bench generate} writes a
 * realistic input; {@code bench latency} measures seconds to data.
 */
@Command(name = "bench", description = {"Measure CPU, wall time, heap and request packing per file.",
        "The in-process pipeline against the zlib floor, one JSON line per file and run (exit 1 when a file could not",
        "be read completely)."},
        subcommands = {BenchCommand.Generate.class, BenchCommand.ToParquet.class, BenchCommand.LatencyRun.class})
final class BenchCommand extends ToolCommand {
    @Option(names = "--type", paramLabel = "auto|TYPE", converter = TypeOptions.LogTypeOrAuto.class,
            description = "the files' log type (default: detected from each file)")
    LogType type;
    @Option(names = "--row-format", paramLabel = "compact,full", split = ",", converter = TypeOptions.RowFormatId.class,
            description = "row formats to measure, alternated so both meet the same noise (default: compact)")
    List<RowFormat> formats = List.of(RowFormat.COMPACT);
    @Option(names = "--level", paramLabel = "N", description = "gzip level of the request bodies, 1-12; the JDK's zlib takes 10-12 as 9"
            + " (default: the forwarder's, each table's own)")
    int level = Compression.BY_TABLE;
    @Option(names = "--compressor", paramLabel = "libdeflate,jdk", split = ",", converter = CompressorId.class,
            description = "compressors of the request bodies to measure, alternated in the same run (default: the forwarder's,"
                    + " libdeflate where it loads)")
    List<BodyCompressor> compressors; // the forwarder's when not given: looked up in call(), so 'bench generate' loads nothing native
    @Option(names = "--runs", paramLabel = "N", description = "runs per file in this JVM (default: ${DEFAULT-VALUE})")
    int runs = 1;
    @Option(names = "--filter-rules", paramLabel = "JSON|@FILE", converter = FilterRulesOption.class,
            description = "FILTER_RULES to apply, as the forwarder does")
    FilterRules filters = FilterRules.NONE;
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "log objects (gzip or plain), e.g. from 'bench generate'")
    List<Path> files = List.of();

    @Override
    public Integer call() throws IOException {
        if (files.isEmpty()) {
            throw new UsageException("name at least one FILE (or a subcommand: generate, latency)");
        }
        if (level != Compression.BY_TABLE && (level < 1 || level > BodyCompressor.MAX_LEVEL) || runs < 1) {
            throw new UsageException("--level must be 1 to " + BodyCompressor.MAX_LEVEL + " and --runs at least 1");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CommandFailedException(file + ": no such file");
            }
        }
        if (compressors == null) {
            compressors = List.of(BodyCompressor.loaded());
        }
        boolean anyFailed = false;
        for (Path file : files) {
            for (int run = 1; run <= runs; run++) {
                for (BodyCompressor compressor : compressors) { // both alternated, so each meets the same noise
                    for (RowFormat format : formats) {
                        ObjectNode result = Bench.run(file, type, format, new Compression(compressor, level), filters).put("run", run);
                        out.println(result.toString());
                        if (result.has("error")) {
                            err.println(file + ": " + result.get("error").asText());
                            anyFailed = true;
                        }
                    }
                }
            }
        }
        return anyFailed ? 1 : 0;
    }

    /** {@code libdeflate} (refused where its native library does not load) or {@code jdk}. */
    static final class CompressorId implements ITypeConverter<BodyCompressor> {
        @Override
        public BodyCompressor convert(String id) {
            return switch (id) {
                case "jdk" -> BodyCompressor.jdk();
                case "libdeflate" -> {
                    BodyCompressor loaded = BodyCompressor.loaded();
                    if (loaded.fallbackReason() != null) {
                        throw new TypeConversionException("libdeflate does not load here (" + loaded.fallbackReason() + "): use jdk");
                    }
                    yield loaded;
                }
                default -> throw new TypeConversionException("'" + id + "' is not a compressor: libdeflate or jdk");
            };
        }
    }

    /** {@code bench generate TYPE SIZE_MB OUT}: a realistic gzipped input of about SIZE_MB (uncompressed). */
    @Command(name = "generate", description = "Write a realistic gzipped object of TYPE, about SIZE_MB uncompressed, to OUT.")
    static final class Generate extends ToolCommand {
        @Parameters(index = "0", paramLabel = "TYPE", converter = TypeOptions.LogTypeId.class,
                completionCandidates = TypeOptions.LogTypeIds.class, description = "one of: ${COMPLETION-CANDIDATES}")
        LogType type;
        @Parameters(index = "1", paramLabel = "SIZE_MB", description = "megabytes of text before gzip")
        long sizeMb;
        @Parameters(index = "2", paramLabel = "OUT", description = "the file to write")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (sizeMb < 1) {
                throw new UsageException("SIZE_MB must be at least 1, not " + sizeMb);
            }
            long records = LogGenerator.generate(type, sizeMb, file, 42);
            out.println("{\"generated\":\"" + file + "\",\"type\":\"" + type.id() + "\",\"records\":" + records + "}");
            return 0;
        }
    }

    /** {@code bench to-parquet FLOWLOG OUT}: the same flow records as the Parquet object AWS delivers. */
    @Command(name = "to-parquet", description = {"Write the records of a text VPC flow log (gzip or plain) to OUT as Parquet,",
        "as a flow log with FileFormat=parquet delivers them: GZIP pages, a column per field, nulls for '-'."})
    static final class ToParquet extends ToolCommand {
        @Parameters(index = "0", paramLabel = "FLOWLOG", description = "a text VPC flow log with one header, e.g. from 'bench generate vpcflow'")
        Path text;
        @Parameters(index = "1", paramLabel = "OUT", description = "the Parquet file to write")
        Path file;
        @Option(names = "--row-group-mb", paramLabel = "N", description = "the writer's row group size (default: ${DEFAULT-VALUE})")
        int rowGroupMb = 128;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(text)) {
                throw new CommandFailedException(text + ": no such file");
            }
            if (rowGroupMb < 1) {
                throw new UsageException("--row-group-mb must be at least 1");
            }
            long rows = ParquetFlowLogWriter.write(text, file, CompressionCodecName.GZIP, rowGroupMb * 1024L * 1024, false);
            out.println("{\"written\":\"" + file + "\",\"rows\":" + rows + ",\"bytes\":" + Files.size(file) + "}");
            return 0;
        }
    }

    /** {@code bench latency}: seconds to data, one JSON line per object, then the summary. */
    @Command(name = "latency", description = {"Measure seconds to data: PutObject to the last row accepted.",
            "Through moto_server's real S3 notifications, SQS, the Lambda jar under the runtime client and the ingestion",
            "fake (needs moto_server)."})
    static final class LatencyRun extends ToolCommand {
        @Option(names = "--objects", paramLabel = "N", description = "objects per type and size (default: ${DEFAULT-VALUE})")
        int perType = 5;
        @Option(names = "--records", paramLabel = "N,N...", split = ",", description = "records per object (default: 40,4000)")
        List<Integer> sizes = List.of(40, 4_000);
        @Option(names = "--batching-window", paramLabel = "SECONDS", description = {"the event source mapping's batching window",
                "(default: ${DEFAULT-VALUE}, the stack's; 0 measures the forwarder alone)"})
        int windowSeconds = (int) Latency.STACK_WINDOW.toSeconds();

        @Override
        public Integer call() throws Exception {
            if (windowSeconds < 0 || windowSeconds > 300) {
                throw new UsageException("--batching-window must be 0 to 300 seconds, as Lambda allows, not " + windowSeconds);
            }
            Path work = Files.createTempDirectory("latency");
            List<Latency.Sample> samples = Latency.run(perType, sizes, Duration.ofSeconds(windowSeconds), work, s -> out.println(
                    "{\"sample\":\"" + s.type().id() + "\",\"records\":" + s.records() + ",\"ms\":" + s.millis() + "}"));
            Latency.summary(samples).forEach(out::println);
            return 0;
        }
    }
}
