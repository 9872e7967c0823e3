package dev.sentinelforwarder.cloudwatch;

import static dev.sentinelforwarder.testing.Gzip.gunzip;
import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.CloudWatchExportKey;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.format.TypeDetection;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.table.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class CloudWatchExporterTest {
    private static final Path THIRD_PARTY = Path.of("src/test/resources/third-party");

    @ParameterizedTest(name = "{0}")
    @Event(value = "cloudwatch-logs-subscription.json", type = CloudWatchLogsEvent.class)
    void writesOneQuotedLinePerEventUnderAKeyThatKeepsTheOrigin(CloudWatchLogsEvent event) throws IOException {
        var export = CloudWatchExporter.export(event.getAwsLogs().getData(), "cw/", "eu-west-1", "req-1").orElseThrow();

        assertThat(export.key()).isEqualTo("cw/AWSLogs/111122223333/CloudWatch/eu-west-1/%2Faws%2Flambda%2Fpayments-api/"
                + "2026%2F11%2F22%2F[$LATEST]6f1c2a7e/2026/11/22/1795342530123-req-1.csv.gz");
        assertThat(TypeDetection.fromKey(export.key())).contains(LogType.CLOUDWATCH);
        assertThat(CloudWatchExportKey.parse(export.key())).contains(
                new CloudWatchExportKey("111122223333", "eu-west-1", "/aws/lambda/payments-api", "2026/11/22/[$LATEST]6f1c2a7e"));
        assertThat(new String(gunzip(export.gzipCsv()), StandardCharsets.UTF_8)).isEqualTo("""
                2026-11-22T10:15:30.123Z,START RequestId: 6f1c2a7e-0000-4000-8000-000000000001 Version: $LATEST
                2026-11-22T10:15:30.150Z,"user=alice, action=login, result=""ok\"""
                2026-11-22T10:15:30.200Z,"Traceback (most recent call last):
                  File ""app.py"", line 3, in <module>
                ValueError: bad\tinput"
                2026-11-22T10:15:30.250Z,héllo wörld ✓ 日本語
                2026-11-22T10:15:30.300Z,
                2026-11-22T10:15:30.350Z,"{""level"":""info"",""msg"":""json, with commas"",""n"":1}"
                2026-11-22T10:15:30.400Z,"END RequestId: 6f1c2a7e-0000-4000-8000-000000000001\r
                "
                """);
        assertThat(export.envelope().events()).isEqualTo(7);
    }

    /**
     * Log group and stream names are a tenant's to choose: named {@code AWSLogs} and like another tenant's account, they
     * still leave the account the subscription event's owner, read where a bucket policy pins it.
     */
    @Test
    void aLogGroupAndStreamNamedLikeAnotherTenantsLayoutNameNoAccount() throws IOException {
        ObjectNode payload = Json.mapper().createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "444455556666")
                .put("logGroup", "AWSLogs").put("logStream", "111122223333");
        payload.putArray("logEvents").addObject().put("id", "1").put("timestamp", 1795342530123L).put("message", "hello");

        var export = CloudWatchExporter.export(encode(payload.toString()), "", "eu-west-1", "r").orElseThrow();

        assertThat(export.key()).isEqualTo("AWSLogs/444455556666/CloudWatch/eu-west-1/AWSLogs/111122223333/2026/11/22/1795342530123-r.csv.gz");
        assertThat(dev.sentinelforwarder.format.KeyOrigin.of(export.key()))
                .isEqualTo(new dev.sentinelforwarder.format.KeyOrigin("444455556666", null, "eu-west-1", "CloudWatch"));
        assertThat(CloudWatchExportKey.parse(export.key()))
                .contains(new CloudWatchExportKey("444455556666", "eu-west-1", "AWSLogs", "111122223333"));
        assertThat(TypeDetection.fromKey(export.key())).contains(LogType.CLOUDWATCH);
    }

    @Test
    void readsTheRealPowertoolsSubscriptionEvent() throws IOException {
        String data = Json.mapper().readTree(THIRD_PARTY.resolve("powertools-python/cloudWatchLogEvent.json").toFile())
                .get("awslogs").get("data").textValue();

        var export = CloudWatchExporter.export(data, "", "us-east-1", "r").orElseThrow();

        assertThat(export.key()).isEqualTo("AWSLogs/123456789123/CloudWatch/us-east-1/testLogGroup/testLogStream/2015/08/24/1440442987000-r.csv.gz");
        assertThat(new String(gunzip(export.gzipCsv()), StandardCharsets.UTF_8)).isEqualTo(
                "2015-08-24T19:03:07.000Z,[ERROR] First test message\n2015-08-24T19:03:07.001Z,[ERROR] Second test message\n");
    }

    @Test
    void refusesZlibDataWithAClearReason() throws IOException {
        String data = Json.mapper().readTree(THIRD_PARTY.resolve("powertools-python/cloudWatchLogEventWithPolicyLevel.json").toFile())
                .get("awslogs").get("data").textValue();

        assertThatThrownBy(() -> CloudWatchExporter.export(data, "", "us-east-1", "r"))
                .isInstanceOf(InvalidSubscriptionDataException.class)
                .hasMessage("awslogs.data is not gzip: its decoded bytes start with 78 da (zlib, not the gzip CloudWatch Logs sends)");
        assertThatThrownBy(() -> CloudWatchExporter.export("not base64 at all!", "", "us-east-1", "r"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void writesNothingForAControlMessage() throws IOException {
        String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1795342530123,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";

        assertThat(CloudWatchExporter.export(encode(control), "", "us-east-1", "r")).isEmpty();
    }

    @Test
    void readsTheLokiPayload() throws IOException {
        String payload = Files.readString(THIRD_PARTY.resolve("loki/kinesis-event.json"));

        var export = CloudWatchExporter.export(encode(payload), "", "us-east-1", "r").orElseThrow();

        assertThat(export.key()).startsWith("AWSLogs/some_owner/CloudWatch/us-east-1/test-logroup/test-logstream/2024/07/02/1719922604969-r");
        assertThat(new String(gunzip(export.gzipCsv()), StandardCharsets.UTF_8).lines()).hasSize(3)
                .allMatch(line -> line.equals("2024-07-02T12:16:44.969Z,some_message"));
    }

    /**
     * The round trip the issue asks for: 10,000 awkward events, some of 256 KB, written by the companion and
     * read by the forwarder, come back as AWSCloudWatch rows equal to the events (values over 64 KB cut at
     * the forwarder's documented UTF-8-safe limit), with the log group, stream and account in the custom columns.
     */
    @Test
    void tenThousandEventsRoundTripThroughTheForwardersReader() throws IOException {
        Random random = new Random(42);
        List<String> messages = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        ObjectNode payload = Json.mapper().createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "111122223333")
                .put("logGroup", "/ecs/web").put("logStream", "web/app/0123");
        var events = payload.putArray("logEvents");
        for (int i = 0; i < 10_000; i++) {
            String message = i % 1000 == 7 ? awkward(random, 256 * 1024) : awkward(random, random.nextInt(200));
            long timestamp = 1795342530123L + i;
            messages.add(message);
            timestamps.add(timestamp);
            events.addObject().put("id", Integer.toString(i)).put("timestamp", timestamp).put("message", message);
        }
        var export = CloudWatchExporter.export(encode(payload.toString()), "", "us-east-1", "req").orElseThrow();
        List<Row> rows = new ArrayList<>();

        ObjectReport report = new ObjectConverter(true, Limits.DEFAULTS, FilterRules.NONE).convert("s3://b/" + export.key(), export.key(),
                new ByteArrayInputStream(export.gzipCsv()), null, null, Instant.EPOCH, (row, index) -> rows.add(row), problem -> { });

        assertThat(report.failed()).isFalse();
        assertThat(rows).hasSize(10_000);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String expected = messages.get(i);
            String got = (String) row.get("Message");
            if (expected.getBytes(StandardCharsets.UTF_8).length <= Row.MAX_VALUE_BYTES) {
                assertThat(got).as("event %d", i).isEqualTo(expected);
            } else {
                assertThat(expected).as("event %d", i).startsWith(got);
                assertThat(got.getBytes(StandardCharsets.UTF_8).length).isBetween(Row.MAX_VALUE_BYTES - 3, Row.MAX_VALUE_BYTES);
            }
            assertThat(row.get("TimeGenerated")).isEqualTo(Instant.ofEpochMilli(timestamps.get(i)));
            assertThat(row.get("LogGroup_CF")).isEqualTo("/ecs/web");
            assertThat(row.get("LogStream_CF")).isEqualTo("web/app/0123");
            assertThat(row.get("AwsAccountId_CF")).isEqualTo("111122223333");
        }
        assertThat(report.truncatedValues()).isEqualTo(10);
    }

    private static String awkward(Random random, int length) {
        String alphabet = "abc ,\"\r\n\t{}é日😀\\";
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return s.toString();
    }

    static String encode(String payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }


}
