package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code convert [--type T] [--filter-rules JSON|@FILE] --out DIR FILE|DIR...}: runs local files through the same
 * reading, mapping and filtering as the Lambda and writes the rows that would be sent, one file per table.
 */
final class ConvertCommand {
    private ConvertCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LogType type = null;
        boolean customColumns = false;
        FilterRules filters = FilterRules.NONE;
        Path outDir = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--type" -> type = parseType(value(args, ++i, "--type"));
                case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                case "--cloudwatch-custom-columns" -> customColumns = true;
                case "--filter-rules" -> filters = FilterRulesOption.parse(value(args, ++i, "--filter-rules"));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new UsageException("convert: unknown option " + args[i]);
                    }
                    inputs.add(Path.of(args[i]));
                }
            }
        }
        if (outDir == null) {
            throw new UsageException("convert: --out DIR is required");
        }
        if (inputs.isEmpty()) {
            throw new UsageException("convert: name at least one FILE or DIR");
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                err.println(input + ": no such file or directory");
                return 1;
            }
            files.addAll(filesUnder(input));
        }

        ObjectConverter converter = new ObjectConverter(customColumns, Limits.DEFAULTS, filters);
        boolean anyFailed = false;
        try (NdjsonTableFiles tables = new NdjsonTableFiles(outDir)) {
            for (Path file : files) {
                ObjectReport report;
                try (InputStream in = Files.newInputStream(file)) {
                    report = converter.convert(file.toString(), file.toString(), in, type,
                            Files.getLastModifiedTime(file).toInstant(), tables, problem -> { });
                } catch (IOException e) {
                    err.println(file + ": cannot read: " + e.getMessage());
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
            err.println("cannot write to " + outDir + ": " + e.getMessage());
            return 1;
        }
        return anyFailed ? 1 : 0;
    }

    private static LogType parseType(String id) {
        if (id.equals("auto")) {
            return null;
        }
        return LogType.byId(id).orElseThrow(() -> new UsageException(
                "convert: --type must be auto or one of " + java.util.Arrays.stream(LogType.values()).map(LogType::id).toList()
                        + ", not '" + id + "'"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException("convert: " + option + " needs a value");
        }
        return args[i];
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
