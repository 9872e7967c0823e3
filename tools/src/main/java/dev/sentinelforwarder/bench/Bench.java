package dev.sentinelforwarder.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.sink.PackedRequest;
import dev.sentinelforwarder.sink.RequestPacker;
import dev.sentinelforwarder.source.FileRanges;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The forwarder's in-process pipeline on one file (decompress, parse, map, pack arrays of at most
 * 1,000,000 bytes, gzip each request) with the network replaced by a counter, and the same process's
 * floor: zlib inflating the input plus the same compressor, at the same level, gzipping the request bodies
 * it produced. The zlib floor (zlib for the bodies too, as before libdeflate) is given beside it, so runs of
 * either compressor stay comparable.
 */
public final class Bench {
    private Bench() {
    }

    /** @param filters rules that drop rows, as the forwarder applies them: dropped rows are neither packed nor compressed */
    public static ObjectNode run(Path file, LogType type, RowFormat format, Compression compression, FilterRules filters)
            throws IOException {
        Path spill = Files.createTempFile("bench-bodies", ".bin");
        try {
            return run(file, type, format, compression, filters, spill).put("row_format", format.id());
        } finally {
            Files.deleteIfExists(spill);
        }
    }

    private static ObjectNode run(Path file, LogType type, RowFormat format, Compression compression, FilterRules filters, Path spill)
            throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        Counts counts = new Counts();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        ObjectReport report;
        try (InputStream in = Files.newInputStream(file);
                DataOutputStream bodies = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16))) {
            Map<TableSchema, RequestPacker> packers = new HashMap<>();
            report = new ObjectConverter(false, Limits.DEFAULTS, filters).convert(file.toString(), file.toString(), in,
                    new FileRanges(file), type, Files.getLastModifiedTime(file).toInstant(),
                    (row, record) -> packers.computeIfAbsent(row.table(), t -> new RequestPacker(t, format, compression,
                            request -> counts.add(request, compression.levelFor(request.table()), bodies))).pack(row, record),
                    problem -> { });
            for (RequestPacker packer : packers.values()) {
                packer.flush();
            }
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double inflate = inflateSeconds(file);
        double floor = inflate + gzipSeconds(spill, compression.compressor());
        double zlibFloor = inflate + gzipSeconds(spill, BodyCompressor.jdk());

        ObjectNode result = Json.mapper().createObjectNode();
        result.put("file", file.toString());
        result.put("type", report.type() == null ? null : report.type().id());
        result.put("compressor", compression.compressor().id());
        result.put("level", report.type() == null ? null : compression.levelFor(Tables.of(report.type())));
        result.put("bytes_in_compressed", report.bytesCompressed());
        result.put("bytes_in", report.bytesDecompressed());
        result.put("input_compression", round(report.bytesDecompressed() == 0 ? 0 : (double) report.bytesCompressed() / report.bytesDecompressed()));
        result.put("records", report.records());
        result.put("rows", report.rows());
        result.put("unreadable", report.unreadable());
        if (!filters.isEmpty()) {
            double evaluation = filterSeconds(file, type, filters);
            result.put("rows_dropped", report.droppedTotal());
            result.put("filter_cpu_s", round(evaluation));
            result.put("filter_share_of_cpu", round(evaluation / cpu));
        }
        result.put("requests", counts.requests);
        result.put("bytes_out_compressed", counts.compressed);
        result.put("mean_request_bytes", counts.requests == 0 ? 0 : counts.uncompressed / counts.requests);
        result.put("max_request_bytes", counts.max);
        result.put("cpu_s", round(cpu));
        result.put("wall_s", round(wall));
        result.put("floor_cpu_s", round(floor));
        result.put("ratio_to_floor", round(cpu / floor));
        result.put("zlib_floor_cpu_s", round(zlibFloor));
        result.put("ratio_to_zlib_floor", round(cpu / zlibFloor));
        result.put("mb_per_cpu_s", round(report.bytesDecompressed() / 1e6 / cpu));
        result.put("peak_heap_mb", round(peak / 1048576.0));
        if (report.error() != null) {
            result.put("error", report.error());
        }
        return result;
    }

    /**
     * The rules' own cost: time spent testing each row against them, in a second pass that only maps rows (the
     * first run's CPU also holds what the dropped rows saved). Timed per row, when the row is fresh in the cache,
     * as the forwarder tests it; the timer's own cost is measured the same way and taken off.
     */
    private static double filterSeconds(Path file, LogType type, FilterRules filters) throws IOException {
        long[] nanos = {0};
        try (InputStream in = Files.newInputStream(file)) {
            new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert(file.toString(), file.toString(), in,
                    new FileRanges(file), type,
                    Files.getLastModifiedTime(file).toInstant(), (row, record) -> {
                        long t0 = System.nanoTime();
                        filters.dropping(row);
                        long t1 = System.nanoTime();
                        long t2 = System.nanoTime();
                        nanos[0] += Math.max(0, (t1 - t0) - (t2 - t1));
                    }, problem -> { });
        }
        return nanos[0] / 1e9;
    }

    /** CPU time of zlib inflating the whole input, in this thread. */
    private static double inflateSeconds(Path file) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] buffer = new byte[1 << 16];
        long t0 = threads.getCurrentThreadCpuTime();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (gzip) {
                try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                    while (in.read(buffer) >= 0) {
                        // inflate only
                    }
                }
            }
        }
        return (threads.getCurrentThreadCpuTime() - t0) / 1e9;
    }

    /** CPU time of gzipping each request body's JSON with {@code compressor} at its level, in this thread (inflating them back is not counted). */
    private static double gzipSeconds(Path spill, BodyCompressor compressor) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        try (DataInputStream bodies = new DataInputStream(new BufferedInputStream(Files.newInputStream(spill), 1 << 16))) {
            while (true) {
                int level;
                try {
                    level = bodies.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] body = new byte[bodies.readInt()];
                bodies.readFully(body);
                byte[] json;
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    json = in.readAllBytes();
                }
                long t0 = threads.getCurrentThreadCpuTime();
                compressor.gzip(json, 0, json.length, level);
                total += threads.getCurrentThreadCpuTime() - t0;
            }
        }
        return total / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static final class Counts {
        long requests;
        long uncompressed;
        long compressed;
        long max;

        void add(PackedRequest request, int level, DataOutputStream bodies) {
            requests++;
            uncompressed += request.uncompressedBytes();
            compressed += request.gzipBody().length;
            max = Math.max(max, request.uncompressedBytes());
            try {
                bodies.writeInt(level);
                bodies.writeInt(request.gzipBody().length);
                bodies.write(request.gzipBody());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
