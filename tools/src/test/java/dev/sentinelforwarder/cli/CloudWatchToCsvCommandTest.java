package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudWatchToCsvCommandTest {
    @TempDir
    Path out;

    @Test
    void writesWhatTheCompanionWouldPutInS3AndTheForwarderReadsIt() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Path csv = out.resolve("events.csv.gz");

        int status = Main.run(new String[] {"cloudwatch-to-csv", "../events/cloudwatch-logs-subscription.json", "--out", csv.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("7 events -> " + csv)
                .contains("(S3 key: AWSLogs/111122223333/CloudWatch/");
        String text;
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(csv)))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).startsWith("2026-11-22T10:15:30.123Z,START RequestId:");

        Path tables = out.resolve("tables");
        assertThat(Main.run(new String[] {"convert", "--type", "cloudwatch", "--out", tables.toString(), csv.toString()},
                new PrintStream(new ByteArrayOutputStream()), System.err)).isZero();
        assertThat(Files.readAllLines(tables.resolve("AWSCloudWatch.ndjson"))).hasSize(7);
    }

    @Test
    void aZlibPayloadIsAClearError() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"cloudwatch-to-csv", "../function/src/test/resources/third-party/powertools-python/cloudWatchLogEventWithPolicyLevel.json",
            "--out", out.resolve("x.csv.gz").toString()}, System.out, new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("awslogs.data is not gzip");
    }
}
