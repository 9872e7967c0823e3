package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.bench.Bench;
import dev.sentinelforwarder.bench.Latency;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.sample.LogGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench [--type auto|T] [--row-format compact,full] [--level N] [--runs N] [--filter-rules JSON|@FILE] FILE...} prints one JSON line of
 * figures per file and run (the first run of a fresh JVM includes JIT compilation; later runs show a warm Lambda
 * instance); with filter rules, rows are dropped as the forwarder drops them, and the time spent testing rows against
 * the rules is measured on its own;
 * {@code bench --generate TYPE SIZE_MB OUT} writes a realistic gzipped input of about SIZE_MB (uncompressed).
 */
final class BenchCommand {
    private BenchCommand() {
    }

    /** {@code bench latency [--objects N] [--records N,N...]}: seconds to data, one JSON line per object, then the summary. */
    private static int latency(String[] args, PrintStream out) throws IOException {
        int perType = 5;
        List<Integer> sizes = List.of(40, 4_000);
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> perType = Integer.parseInt(args[++i]);
                case "--records" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(String::strip).map(Integer::parseInt).toList();
                default -> throw new UsageException("bench latency [--objects N] [--records N,N...]");
            }
        }
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("latency");
        try {
            List<Latency.Sample> samples = Latency.run(perType, sizes, work, s -> out.println(
                    "{\"sample\":\"" + s.type().id() + "\",\"records\":" + s.records() + ",\"ms\":" + s.millis() + "}"));
            Latency.summary(samples).forEach(out::println);
            return 0;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("latency run failed: " + e.getMessage(), e);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length > 0 && args[0].equals("latency")) {
                return latency(args, out);
            }
            if (args.length > 0 && args[0].equals("--generate")) {
                if (args.length != 4) {
                    throw new UsageException("bench --generate TYPE SIZE_MB OUT");
                }
                LogType type = LogType.byId(args[1]).orElseThrow(() -> new UsageException("bench: unknown type " + args[1]));
                long records = LogGenerator.generate(type, Long.parseLong(args[2]), Path.of(args[3]), 42);
                out.println("{\"generated\":\"" + args[3] + "\",\"type\":\"" + type.id() + "\",\"records\":" + records + "}");
                return 0;
            }
            LogType type = null;
            int level = 6;
            int runs = 1;
            FilterRules filters = FilterRules.NONE;
            List<RowFormat> formats = List.of(RowFormat.COMPACT);
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--type" -> {
                        String id = args[++i];
                        type = id.equals("auto") ? null : LogType.byId(id).orElseThrow(() -> new UsageException("bench: unknown type " + id));
                    }
                    case "--level" -> level = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--filter-rules" -> filters = FilterRulesOption.parse(args[++i]);
                    case "--row-format" -> formats = java.util.Arrays.stream(args[++i].split(",")).map(String::strip)
                            .map(f -> RowFormat.byId(f).orElseThrow(() -> new UsageException("bench: --row-format takes compact and/or full, comma-separated")))
                            .toList();
                    default -> files.add(Path.of(args[i]));
                }
            }
            if (files.isEmpty()) {
                throw new UsageException("bench: name at least one FILE");
            }
            for (Path file : files) {
                for (int run = 1; run <= runs; run++) {
                    for (RowFormat format : formats) { // alternated, so both meet the same noise
                        out.println(Bench.run(file, type, format, level, filters).put("run", run).toString());
                    }
                }
            }
            return 0;
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
    }
}
