package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.ForwarderHandlerTest.BUCKET;
import static dev.sentinelforwarder.handler.LogKeys.guardDuty;
import static dev.sentinelforwarder.handler.LogKeys.trail;
import static dev.sentinelforwarder.handler.LogKeys.vpc;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.QuarantineFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per row of the README's bad-input table: the object's message completes (or fails, when
 * retrying can help), the readable rows are sent, and the rest is in quarantine with the reason.
 */
class BadInputTest {
    private static final String VPC_HEADER = "version srcaddr dstaddr start\n";
    private static final String VPC_ROW = "5 10.0.0.1 10.0.0.2 1795341600\n";
    private static final String FINDING = "{\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\",\"updatedAt\":\"2026-11-22T09:00:00Z\",\"severity\":%s}\n";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    /** name, key, content, rows expected at the API, quarantine reason expected (null: none) */
    static Stream<Arguments> cases() throws IOException {
        byte[] gzipped = gzip(VPC_HEADER + VPC_ROW.repeat(20_000));
        byte[] corrupt = gzipped.clone();
        for (int i = gzipped.length / 2; i < gzipped.length / 2 + 64; i++) {
            corrupt[i] ^= 0x5a;
        }
        return Stream.of(
                arguments("corrupt gzip", vpc("corrupt.log.gz"), corrupt, -1, "gzip data is corrupt"),
                arguments("gzip truncated mid-stream", vpc("truncated.log.gz"), Arrays.copyOf(gzipped, gzipped.length / 2), -1,
                        "gzip data ends early (truncated object?)"),
                arguments("empty object", vpc("empty.log.gz"), new byte[0], 0, null),
                arguments("non-UTF-8 bytes in a text line", vpc("latin1.log"), concat(VPC_HEADER.getBytes(StandardCharsets.UTF_8),
                        "5 10.0.0.1 caf\u00e9 1795341600\n".getBytes(StandardCharsets.ISO_8859_1)), 1, null),
                arguments("non-UTF-8 bytes in CloudTrail JSON", trail("latin1.json"),
                        "{\"Records\":[{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventName\":\"caf\u00e9\"}]}".getBytes(StandardCharsets.ISO_8859_1),
                        0, "Invalid UTF-8"),
                arguments("NUL bytes in a text line", vpc("nul.log"), utf8(VPC_HEADER + "5 10.0.0.1 10.0\u00000.2 1795341600\n" + VPC_ROW), 2, null),
                arguments("a single 20 MB line", guardDuty("long.jsonl"), utf8(FINDING.formatted(1, "2") + "{\"id\":\"" + "x".repeat(20_000_000)
                        + "\"}\n" + FINDING.formatted(3, "5")), 2, "line is longer than 8388608 characters"),
                arguments("JSON nested 10,000 deep", trail("deep.json"), utf8("{\"Records\":[{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventName\":\"GetObject\"},"
                        + "{\"requestParameters\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}]}"), 1, "Document nesting depth"),
                arguments("huge numbers", guardDuty("huge.jsonl"), utf8(FINDING.formatted(1, "1" + "0".repeat(400)) + FINDING.formatted(2, "1e999")), 2, null),
                arguments("content that does not match its key's type", trail("flows.json"), utf8(VPC_HEADER + VPC_ROW), 0,
                        "invalid JSON at line 1, column 1: Unrecognized token 'version'"),
                arguments("a VPC line with a wrong field count", vpc("short.log"), utf8(VPC_HEADER + VPC_ROW + "5 10.0.0.1\n" + VPC_ROW), 2,
                        "expected 4 space-separated fields"),
                arguments("a GuardDuty line that is not JSON", guardDuty("broken.jsonl"), utf8(FINDING.formatted(1, "2") + "not json at all\n"
                        + FINDING.formatted(3, "5")), 2, "invalid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputHasItsDefinedOutcome(String name, String key, byte[] content, int rowsExpected, String quarantined)
            throws IOException {
        Path file = objects.resolve(BUCKET).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        try (LocalServices local = LocalServices.start(objects)) {
            ByteArrayOutputStream logs = new ByteArrayOutputStream();
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(local.environment()), local.services(quarantine),
                    new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));

            SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, key))),
                    Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()));

            assertThat(response.getBatchItemFailures()).as(logs.toString(StandardCharsets.UTF_8)).isEmpty();
            long rows = local.ingestion().accepted().values().stream().mapToLong(List::size).sum();
            if (rowsExpected >= 0) {
                assertThat(rows).isEqualTo(rowsExpected);
            } else {
                assertThat(rows).as("rows before the damage are sent").isPositive().isLessThan(20_000);
            }
            List<JsonNode> entries = QuarantineFiles.entries(quarantine);
            if (quarantined == null) {
                assertThat(entries).isEmpty();
            } else {
                assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("key").textValue()).isEqualTo(key))
                        .anySatisfy(entry -> assertThat(entry.get("reason").textValue()).contains(quarantined));
            }
            String log = logs.toString(StandardCharsets.UTF_8);
            assertThat(log).contains(key);
            assertThat(log.lines().mapToInt(String::length).max().orElse(0)).as("no log line quotes a whole bad record").isLessThan(4_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void aGzipBombStopsAtTheLimitAndIsQuarantined(String name, Map<String, String> limits, String reason) throws IOException {
        byte[] bomb;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(VPC_HEADER.getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 100; i++) {
                gzip.write(spaces);
            }
        }
        bomb = bytes.toByteArray();
        String key = vpc("bomb.log.gz");
        Path file = objects.resolve(BUCKET).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bomb);
        try (LocalServices local = LocalServices.start(objects)) {
            Map<String, String> env = new HashMap<>(local.environment());
            env.putAll(limits);
            Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine),
                    new JsonLog(new PrintStream(new ByteArrayOutputStream())), new Metrics(null));

            SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, key))),
                    Deadline.after(Duration.ofMinutes(5), Clock.systemUTC()));

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(QuarantineFiles.entries(quarantine)).singleElement()
                    .satisfies(entry -> assertThat(entry.get("reason").textValue()).contains(reason));
        }
    }

    static Stream<Arguments> bombs() {
        return Stream.of(
                arguments("ratio", Map.of("MAX_COMPRESSION_RATIO", "100"), "MAX_COMPRESSION_RATIO"),
                arguments("size", Map.of("MAX_DECOMPRESSED_BYTES", "10000000"), "MAX_DECOMPRESSED_BYTES"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

}
