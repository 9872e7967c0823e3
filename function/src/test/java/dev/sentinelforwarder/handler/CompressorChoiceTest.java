package dev.sentinelforwarder.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.sample.LogGenerator;
import dev.sentinelforwarder.sink.RequestPacker;
import dev.sentinelforwarder.table.RowFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which compressor gzips the request bodies: libdeflate by default, the JDK's zlib in a JVM where libdeflate's
 * native library cannot be loaded (here: the library's own path pointed at an empty directory), with one
 * warning at start saying why, and bodies that are gzip of the same JSON either way.
 */
class CompressorChoiceTest {
    private static final Map<String, String> ENV = Map.of(
            "INGESTION_ENDPOINT", "https://sentinel-dce-a1b2.westeurope-1.ingest.monitor.azure.com",
            "DCR_IMMUTABLE_ID", "dcr-0123456789abcdef0123456789abcdef",
            "AZURE_TENANT_ID", "9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b",
            "AZURE_CLIENT_ID", "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
            "ALLOWED_BUCKETS", "org-logs");
    private static final String BY_TABLE = " levels by table: AWSCloudTrail 5, AWSCloudWatch 2, AWSGuardDuty 5, AWSVPCFlow 5, others 6";
    /** libdeflate's levels are its own: zlib keeps the level it had before, 6, for every table. */
    private static final String ZLIB = " level 6 for every table";

    @TempDir
    Path dir;

    @Test
    void libdeflateIsWhatRunsByDefaultAndSaysSo() throws IOException {
        assertThat(BodyCompressor.loaded().id()).isEqualTo("libdeflate");
        assertThat(BodyCompressor.loaded().fallbackReason()).isNull();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String compressor = ForwarderHandler.compressor(ForwarderConfig.from(ENV), new JsonLog(new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertThat(compressor).isEqualTo("libdeflate" + BY_TABLE);
        Map<String, String> level4 = new HashMap<>(ENV);
        level4.put("GZIP_LEVEL", "4");
        assertThat(ForwarderHandler.compressor(ForwarderConfig.from(level4), new JsonLog(new PrintStream(printed, true, StandardCharsets.UTF_8))))
                .isEqualTo("libdeflate level 4");
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("no warning when libdeflate runs").isEmpty();
    }

    @Test
    void withoutTheNativeLibraryTheJdkGzipsTheSameJsonAndOneLineSaysWhy() throws Exception {
        Path input = input();
        Path empty = Files.createDirectories(dir.resolve("no-library-here"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djlibdeflate.library.path=" + empty,
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();

        List<String> warnings = out.lines().filter(l -> l.startsWith("{\"level\":\"WARN\"")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.getFirst()).contains("libdeflate could not be loaded: request bodies are gzipped by the JDK's zlib")
                .contains("\"reason\":\"UnsatisfiedLinkError: ").contains(empty.toString()).contains("\"compressor\":\"jdk" + ZLIB + "\"");
        assertThat(out.lines().filter(l -> l.startsWith("compressor=")).toList()).containsExactly("compressor=jdk" + ZLIB);

        List<byte[]> fallback = out.lines().filter(l -> l.startsWith("body=")).map(l -> Base64.getDecoder().decode(l.substring(5))).toList();
        List<byte[]> jdk = bodies(input, new Compression(BodyCompressor.jdk(), Compression.BY_TABLE));
        List<byte[]> libdeflate = bodies(input, Compression.at(Compression.BY_TABLE));
        assertThat(fallback).hasSize(jdk.size()).hasSizeGreaterThan(1).hasSize(libdeflate.size());
        for (int i = 0; i < fallback.size(); i++) {
            assertThat(fallback.get(i)).as("body %d is exactly what the JDK's zlib writes", i).isEqualTo(jdk.get(i));
            assertThat(libdeflate.get(i)).as("body %d: libdeflate's bytes are its own", i).isNotEqualTo(jdk.get(i));
            assertThat(gunzip(fallback.get(i))).as("body %d: the same JSON either way", i).isEqualTo(gunzip(libdeflate.get(i)));
        }
    }

    /** About 3 MB of CloudTrail: a few full request bodies. */
    private Path input() throws IOException {
        Path input = dir.resolve("cloudtrail.json.gz");
        LogGenerator.generate(LogType.CLOUDTRAIL, 3, input, 11);
        return input;
    }

    static List<byte[]> bodies(Path input, Compression compression) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        Map<Object, RequestPacker> packers = new HashMap<>();
        try (InputStream in = Files.newInputStream(input)) {
            new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert("b", "k", in, null, LogType.CLOUDTRAIL, Instant.EPOCH,
                    (row, record) -> packers.computeIfAbsent(row.table(), t -> new RequestPacker(row.table(), RowFormat.COMPACT, compression,
                            request -> {
                                synchronized (bodies) {
                                    bodies.add(request.gzipBody());
                                }
                            })).pack(row, record), problem -> { });
        }
        for (RequestPacker packer : packers.values()) {
            packer.flush();
        }
        return bodies;
    }

    private static String gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The forwarder's start in a JVM of its own: the compressor line, then the bodies of the input, base64, one per line. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            ForwarderConfig config = ForwarderConfig.from(ENV);
            System.out.println("compressor=" + ForwarderHandler.compressor(config, new JsonLog(System.out)));
            for (byte[] body : bodies(Path.of(args[0]), Compression.at(config.gzipLevel()))) {
                System.out.println("body=" + Base64.getEncoder().encodeToString(body));
            }
        }
    }
}
