package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.source.FileRanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convert}: runs local files through the same reading, mapping and filtering as the Lambda and writes the
 * rows that would be sent, one file per table, under the tables' column names.
 */
@Command(name = "convert", description = {"Turn local AWS log files into the Sentinel rows the forwarder would send.",
        "Reads files (gzip or plain; directories are walked) as the Lambda does and writes DIR/<Table>.ndjson, one row",
        "per line under the table's column names (compact rows, the default on the wire, carry the same values under",
        "short names); exit 1 when a file could not be read completely."})
final class ConvertCommand extends ToolCommand {
    @Option(names = "--type", paramLabel = "auto|TYPE", converter = TypeOptions.LogTypeOrAuto.class,
            completionCandidates = TypeOptions.LogTypeIds.class,
            description = "the files' log type (default: auto, from the key layout, then the content): ${COMPLETION-CANDIDATES}")
    LogType type;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the <Table>.ndjson files go")
    Path outDir;
    @Option(names = "--cloudwatch-custom-columns", description = "fill AWSCloudWatch's LogGroup_CF, LogStream_CF and AwsAccountId_CF")
    boolean customColumns;
    @Option(names = "--filter-rules", paramLabel = "JSON|@FILE", converter = FilterRulesOption.class,
            description = "FILTER_RULES to apply, as the forwarder does")
    FilterRules filters = FilterRules.NONE;
    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "log files, or directories of them")
    List<Path> inputs;

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new CommandFailedException(input + ": no such file or directory");
            }
            files.addAll(filesUnder(input));
        }

        ObjectConverter converter = new ObjectConverter(customColumns, Limits.DEFAULTS, filters);
        boolean anyFailed = false;
        try (NdjsonTableFiles tables = new NdjsonTableFiles(outDir)) {
            for (Path file : files) {
                ObjectReport report;
                try (InputStream in = Files.newInputStream(file)) {
                    report = converter.convert(file.toString(), file.toString(), in, new FileRanges(file), type,
                            Files.getLastModifiedTime(file).toInstant(), tables, problem -> { });
                } catch (IOException e) {
                    err.println(file + ": cannot read: " + e.getMessage());
                    anyFailed = true;
                    continue;
                } catch (OutOfMemoryError e) {
                    // What was held for this file is garbage now: the other files can still be read.
                    err.println(file + ": the JVM ran out of memory reading it (" + e.getMessage() + "): give it a larger heap, e.g."
                            + " JAVA_TOOL_OPTIONS=-Xmx2g, and if it still fails, report the file: the forwarder bounds what one"
                            + " object may hold, so this is a defect");
                    anyFailed = true;
                    continue;
                }
                out.println(report.summary());
                for (String example : report.examples()) {
                    (report.failed() ? err : out).println("  " + file + ": " + example);
                }
                anyFailed |= report.failed();
            }
            tables.counts().forEach((table, rows) -> out.println(table.name() + ": " + rows + " rows -> " + tables.fileOf(table)));
        } catch (IOException e) {
            throw new CommandFailedException("cannot write to " + outDir + ": " + e.getMessage(), e);
        }
        return anyFailed ? 1 : 0;
    }

    private static List<Path> filesUnder(Path input) {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
