package dev.sentinelforwarder.pipeline;

import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.table.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectConverterTest {
    private static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");
    private static final String VPC_KEY = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/f.log.gz";
    private static final String VPC = """
            version srcaddr dstaddr start
            5 10.0.0.1 10.0.0.2 1795341600
            5 10.0.0.3 10.0.0.4
            5 10.0.0.5 10.0.0.6 1795341660
            """;

    private final List<Row> rows = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    @Test
    void sendsTheReadableRowsAndReportsTheUnreadableLine() throws IOException {
        ObjectReport report = convert(VPC_KEY, gzip(VPC), null);

        assertThat(rows).extracting(r -> r.get("SrcAddr")).containsExactly("10.0.0.1", "10.0.0.5");
        assertThat(report.type()).isEqualTo(LogType.VPCFLOW);
        assertThat(report.records()).isEqualTo(3);
        assertThat(report.rows()).isEqualTo(2);
        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(report.failed()).isTrue();
        assertThat(report.examples()).containsExactly(
                "line 3: expected 4 space-separated fields (version srcaddr dstaddr start), found 3");
        assertThat(report.bytesDecompressed()).isEqualTo(VPC.length());
    }

    @Test
    void aTruncatedGzipKeepsTheRowsBeforeTheBreakAndFails() throws IOException {
        StringBuilder text = new StringBuilder("version srcaddr dstaddr start\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("5 10.0.").append(i % 250).append(".1 10.0.0.2 1795341600\n");
        }
        byte[] whole = gzip(text.toString());

        ObjectReport report = convert(VPC_KEY, Arrays.copyOf(whole, whole.length / 2), null);

        assertThat(report.error()).startsWith("gzip data ends early (truncated object?) after ")
                .endsWith(" decompressed bytes (after " + report.records() + " records)");
        assertThat(report.rows()).isPositive().isLessThan(20_000).isEqualTo(rows.size());
        assertThat(report.failed()).isTrue();
    }

    @Test
    void corruptGzipFailsWithTheReason() throws IOException {
        byte[] bytes = gzip(VPC);
        bytes[12] ^= 0x55; // inside the deflate stream, past the 10-byte header
        bytes[13] ^= 0x55;

        ObjectReport report = convert(VPC_KEY, bytes, null);

        assertThat(report.error()).startsWith("gzip data is corrupt after ");
    }

    @Test
    void contentOfNoKnownTypeIsAnErrorThatShowsWhatWasSeen() throws IOException {
        ObjectReport report = convert("exports/a.txt", "hello world\nsecond line\n".getBytes(StandardCharsets.UTF_8), null);

        assertThat(report.type()).isNull();
        assertThat(report.error()).isEqualTo("cannot tell the log type from the key or the content; it starts with"
                + " 'hello world\\x0asecond line\\x0a' (expected one of the logs in the README's input formats; use --type or a"
                + " routing rule to say which) (after 0 records)");
    }

    @Test
    void detectsTheTypeFromContentWhenTheKeyDoesNotSay() throws IOException {
        ObjectReport report = convert("exports/flows.gz", gzip(VPC), null);

        assertThat(report.type()).isEqualTo(LogType.VPCFLOW);
        assertThat(report.rows()).isEqualTo(2);
    }

    @Test
    void aGivenTypeOverridesDetection() throws IOException {
        ObjectReport report = convert(VPC_KEY, "2026-11-22T10:15:30.123Z,hi\n".getBytes(StandardCharsets.UTF_8), LogType.CLOUDWATCH);

        assertThat(report.type()).isEqualTo(LogType.CLOUDWATCH);
        assertThat(rows).extracting(r -> r.get("Message")).containsExactly("hi");
    }

    @Test
    void anEmptyObjectHasNothingToSendAndIsNotAFailure() throws IOException {
        ObjectReport report = convert("exports/empty", gzip(""), null);

        assertThat(report.rows()).isZero();
        assertThat(report.failed()).isFalse();
    }

    @Test
    void aDigestKeyIsSkippedWithoutReading() throws IOException {
        ObjectReport report = convert("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/22/d.json.gz",
                "not even json".getBytes(StandardCharsets.UTF_8), null);

        assertThat(report.digestsSkipped()).isEqualTo(1);
        assertThat(report.failed()).isFalse();
        assertThat(report.summary()).contains("CloudTrail digest skipped (holds no events)");
    }

    @Test
    void eachConverterReadsJsonWithinItsOwnLimitsAndNoOtherConverterIsAffected() throws IOException {
        String key = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/g.jsonl.gz";
        byte[] finding = gzip("{\"id\":\"f\",\"type\":\"x\",\"resource\":" + "[".repeat(40) + "]".repeat(40) + "}\n");
        Limits shallow = new Limits(Limits.DEFAULTS.maxDecompressedBytes(), Limits.DEFAULTS.maxCompressionRatio(),
                Limits.DEFAULTS.maxLineLength(), 16);

        ObjectReport strict = new ObjectConverter(false, shallow, FilterRules.NONE).convert(key, key, new ByteArrayInputStream(finding), null,
                null, OBJECT_TIME, (row, index) -> rows.add(row), problems::add);
        ObjectReport lenient = convert(key, finding, null);

        assertThat(strict.unreadable()).as("40 deep is past this converter's 16").isEqualTo(1);
        assertThat(lenient.unreadable()).as("the default 200 in the same JVM, after the strict one").isZero();
        assertThat(lenient.rows()).isEqualTo(1);
    }

    private ObjectReport convert(String key, byte[] bytes, LogType type) throws IOException {
        return new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert("s3://bucket/" + key, key, new ByteArrayInputStream(bytes), null,
                type, OBJECT_TIME, (row, index) -> rows.add(row), problems::add);
    }

}
