package dev.sentinelforwarder.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.cli.Main;
import dev.sentinelforwarder.format.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per record is bounded whatever the input: the README's first command ({@code local}, the real
 * handler against the local S3 and ingestion fake) in a JVM of 256 MB, on a CloudTrail record whose
 * nested {@code requestParameters} alone is 89 MB, between two ordinary records.
 */
class BoundedMemoryTest {
    private static final String KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/huge-record.json.gz";

    @TempDir
    Path work;

    @Test
    void aRecordWithAn89MbNestedObjectIsCutWhileReadInA256MbHeap() throws Exception {
        Path objects = work.resolve("objects");
        Path object = objects.resolve("huge-bucket").resolve(KEY);
        Files.createDirectories(object.getParent());
        long nested = writeObject(object);
        Path events = Files.createDirectories(work.resolve("events"));
        Files.writeString(events.resolve("sqs-huge.json"), sqsEvent());
        Path out = work.resolve("out");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "local", "--events", events.toString(), "--objects", objects.toString(), "--out", out.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = child.waitFor();

        assertThat(nested).isGreaterThan(89_000_000);
        assertThat(status).as(output).isZero();
        assertThat(output).doesNotContain("OutOfMemoryError");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("AWSCloudTrail.ndjson"))) {
            rows.add(Json.mapper().readTree(line));
        }
        assertThat(rows).extracting(r -> r.get("AwsEventId").textValue())
                .containsExactlyInAnyOrder(new UUID(1, 0).toString(), new UUID(1, 1).toString(), new UUID(1, 2).toString());
        JsonNode huge = rows.stream().filter(r -> r.get("AwsEventId").textValue().equals(new UUID(1, 1).toString())).findFirst().orElseThrow();
        assertThat(huge.get("RequestParameters").textValue()).hasSize(65_536).startsWith("{\"items\":[{\"n\":0,\"v\":\"");
        assertThat(huge.get("EventName").textValue()).isEqualTo("after-the-huge-field");
        assertThat(output).containsPattern("AWSCloudTrail +rows accepted +3,");
    }

    /** Writes the object; returns the size of the huge record's nested value in bytes. */
    private static long writeObject(Path file) throws Exception {
        long nested = 0;
        String item = "x".repeat(1_000);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, "{\"Records\":[" + record(0, "first") + ",{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventID\":\"" + new UUID(1, 1)
                    + "\",\"requestParameters\":{\"items\":[");
            for (int i = 0; i < 88_000; i++) {
                String value = (i == 0 ? "" : ",") + "{\"n\":" + i + ",\"v\":\"" + item + "\"}";
                nested += value.length();
                write(out, value);
            }
            write(out, "]},\"eventName\":\"after-the-huge-field\"}," + record(2, "last") + "]}");
        }
        return nested;
    }

    private static String record(int i, String name) {
        return "{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventID\":\"" + new UUID(1, i) + "\",\"eventName\":\"" + name + "\"}";
    }

    private static void write(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sqsEvent() {
        ObjectNode event = Json.mapper().createObjectNode();
        ObjectNode message = event.putArray("Records").addObject().put("messageId", "huge-1").put("receiptHandle", "r")
                .put("body", SqsMessages.s3Notification("huge-bucket", KEY)).put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:111122223333:q").put("awsRegion", "us-east-1");
        message.putObject("attributes").put("ApproximateReceiveCount", "1");
        message.putObject("messageAttributes");
        return event.toString();
    }
}
