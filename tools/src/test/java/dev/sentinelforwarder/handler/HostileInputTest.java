package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.LogKeys.guardDuty;
import static dev.sentinelforwarder.handler.LogKeys.trail;
import static dev.sentinelforwarder.handler.LogKeys.vpc;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake.Fault;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.QuarantineFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The forwarder's guarantee under input and answers made to break it, through the real handler and
 * clients against the local S3 and the HTTPS Logs Ingestion fake: every record is accepted, quarantined, or
 * its message fails; nothing is sent twice; no invocation outlives its deadline. Exact counts throughout.
 */
class HostileInputTest {
    private static final String BUCKET = "hostile-bucket";
    private static final Duration PLENTY = Duration.ofMinutes(5);
    private static final String FINDING = "{\"schemaVersion\":\"2.0\",\"id\":\"f%d\",\"type\":\"Recon:EC2/PortProbeUnprotectedPort\","
            + "\"updatedAt\":\"2026-11-22T09:00:00Z\",\"severity\":5,\"resource\":{\"instanceDetails\":{\"tags\":[{\"k\":\"v\"}]}},"
            + "\"service\":{\"count\":1}}\n";

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private LogsIngestionFake fake;
    private final CapturedLog logs = new CapturedLog();
    private final Metrics metrics = new Metrics(null);

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(objects.resolve(BUCKET));
        local = LocalServices.start(objects);
        fake = local.ingestion();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void guardDutyLinesCutInsideAnObjectOrArrayOrNestedTooDeepCostOnlyThemselves() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(switch (i) {
                case 1 -> "{\"id\":\"cut-in-object\",\"type\":\"x\",\"resource\":{\"instanceDetails\":{\"tags\":\n";
                case 4 -> "{\"id\":\"cut-in-array\",\"type\":\"x\",\"resource\":{\"tags\":[{\"k\":\"v\"},[\n";
                case 7 -> "{\"id\":\"deep\",\"type\":\"x\",\"resource\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}\n";
                default -> FINDING.formatted(i);
            });
        }
        String key = put(guardDuty("broken-lines.jsonl.gz"), gzip(lines.toString()));

        SQSBatchResponse response = process(forwarder(Map.of()), key);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> rows = fake.accepted("AWSGuardDuty");
        assertThat(rows).extracting(row -> row.get("Id").textValue()).containsExactly("f0", "f2", "f3", "f5", "f6", "f8", "f9");
        assertThat(rows).allSatisfy(row -> assertThat(row.get("ResourceDetails").toString())
                .isEqualTo("{\"instanceDetails\":{\"tags\":[{\"k\":\"v\"}]}}"));
        assertThat(QuarantineFiles.entries(quarantine)).extracting(e -> e.get("record").intValue(), e -> e.get("line").intValue())
                .containsExactly(tuple(1, 2), tuple(4, 5),
                        tuple(7, 8));
        assertThat(QuarantineFiles.entries(quarantine).get(2).get("reason").textValue()).contains("nesting depth");
    }

    @Test
    void tenThousandEmptyGzipMembersAreReadAndTheRestOfTheBatchIsAnswered() throws IOException {
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.writeBytes(gzip(vpcLines(0, 100)));
        byte[] empty = gzip("");
        for (int i = 0; i < 10_000; i++) {
            members.writeBytes(empty);
        }
        members.writeBytes(gzip(vpcLines(100, 100).substring(VPC_HEADER.length())));
        String membersKey = put(vpc("members.log.gz"), members.toByteArray());
        String plainKey = put(vpc("plain.log.gz"), gzip(vpcLines(1_000, 50)));

        SQSBatchResponse response = forwarder(Map.of()).process(batch(message("m1", s3Notification(BUCKET, membersKey)),
                message("m2", s3Notification(BUCKET, plainKey))), deadline(PLENTY));

        assertThat(members.size()).isLessThan(250_000);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ports(fake.accepted("AWSVPCFlow"))).hasSize(250).containsAll(range(0, 200)).containsAll(range(1_000, 50));
        assertThat(fake.accepted("AWSVPCFlow")).hasSize(250);
    }

    @Test
    void aRowOfMany64KbValuesIsCutToFitARequestAndItsNeighboursAreSent() throws IOException {
        StringBuilder records = new StringBuilder("{\"Records\":[");
        String big = "v".repeat(70_000);
        for (int i = 0; i < 3_100; i++) {
            records.append(i == 0 ? "" : ",").append("{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventID\":\"")
                    .append(new UUID(7, i)).append("\",\"eventName\":\"PutObject\"");
            if (i == 1_000) {
                for (String field : List.of("errorMessage", "userAgent", "eventSource", "errorCode", "apiVersion", "vpcEndpointId",
                        "sourceIPAddress", "eventType", "eventCategory", "awsRegion", "recipientAccountId")) {
                    records.append(",\"").append(field).append("\":\"").append(big).append('"');
                }
                for (String field : List.of("requestParameters", "responseElements", "additionalEventData", "resources",
                        "serviceEventDetails")) {
                    records.append(",\"").append(field).append("\":{\"k\":\"").append(big).append("\"}");
                }
                records.append(",\"userIdentity\":{\"type\":\"").append(big).append("\",\"arn\":\"").append(big)
                        .append("\",\"principalId\":\"").append(big).append("\",\"accountId\":\"").append(big)
                        .append("\",\"userName\":\"").append(big).append("\",\"invokedBy\":\"").append(big)
                        .append("\",\"accessKeyId\":\"").append(big).append("\"}");
            }
            records.append('}');
        }
        String key = put(trail("wide-row.json.gz"), gzip(records.append("]}").toString()));

        SQSBatchResponse response = process(forwarder(Map.of()), key);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> rows = fake.accepted("AWSCloudTrail");
        assertThat(rows).hasSize(3_100);
        assertThat(new HashSet<>(rows.stream().map(r -> r.get("AwsEventId").textValue()).toList())).hasSize(3_100);
        JsonNode wide = rows.stream().filter(r -> r.get("AwsEventId").textValue().equals(new UUID(7, 1_000).toString()))
                .findFirst().orElseThrow();
        assertThat(wide.get("ErrorMessage").textValue()).isEqualTo("v".repeat(32_768));
        assertThat(wide.get("EventName").textValue()).isEqualTo("PutObject");
        assertThat(QuarantineFiles.entries(quarantine)).isEmpty();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line.path("truncatedValues").intValue()).isEqualTo(23));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // it waits out a hang on fakes of its own: beside the others
    void aHangingEndpointCostsOneAttemptAndTheInvocationEndsBeforeItsDeadline() throws IOException {
        String key = put(guardDuty("hang.jsonl.gz"), gzip(FINDING.formatted(1) + FINDING.formatted(2)));
        fake.enqueue(new Fault.Hang());
        Forwarder forwarder = forwarder(Map.of("TIME_MARGIN_SECONDS", "20"));

        long started = System.nanoTime();
        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, key))), deadline(Duration.ofSeconds(21)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("attempts end 10 s before the deadline").isLessThan(Duration.ofSeconds(15));
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
        assertThat(fake.received()).extracting(LogsIngestionFake.Received::errorCode).containsExactly("InjectedHang");
        assertThat(fake.accepted("AWSGuardDuty")).isEmpty();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line.path("ingestionError").asText()).contains("HttpTimeoutException"));
    }

    @Test
    void retryAfterZeroStillBacksOff() throws IOException {
        String key = put(guardDuty("throttled.jsonl.gz"), gzip(FINDING.formatted(1)));
        for (int i = 0; i < 3; i++) {
            fake.enqueue(new Fault.Status(429, "0"));
        }

        ManualTime time = new ManualTime();
        SQSBatchResponse response = ForwarderFactory.create(ForwarderConfig.from(local.environment()),
                local.services(quarantine).withTime(time.time()), logs.log(), metrics)
                .process(batch(message("m1", s3Notification(BUCKET, key))), time.deadlineAfter(PLENTY));

        // full jitter over 400 ms doubling: half to all of 400, 800 and 1,600 ms, not the 0 the service asked for
        assertThat(time.waits()).hasSize(3);
        for (int retry = 0; retry < 3; retry++) {
            assertThat(time.waits().get(retry)).isBetween(Duration.ofMillis(200L << retry), Duration.ofMillis(400L << retry));
        }
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.received()).extracting(LogsIngestionFake.Received::status).containsExactly(429, 429, 429, 204);
        assertThat(fake.accepted("AWSGuardDuty")).hasSize(1);
    }

    @Test
    void aStrayCloudWatchQuoteCostsNoOtherLine() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 100_001; i++) {
            csv.append("2026-11-22T10:15:30.123Z,").append(i == 4 ? "\"unbalanced quote" : "event " + i).append('\n');
        }
        String key = put("AWSLogs/111122223333/CloudWatch/us-east-1/app/stream/2026/11/22/stray.csv.gz", gzip(csv.toString()));

        SQSBatchResponse response = process(forwarder(Map.of()), key);

        assertThat(response.getBatchItemFailures()).isEmpty();
        // sorted, not containsExactlyInAnyOrderElementsOf: AssertJ's takes quadratic time over 100,001 rows
        List<String> messages = fake.accepted("AWSCloudWatch").stream().map(r -> r.get("Message").textValue()).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100_001; i++) {
            expected.add(i == 4 ? "\"unbalanced quote" : "event " + i);
        }
        assertThat(messages).hasSize(100_001).isEqualTo(expected.stream().sorted().toList());
        assertThat(QuarantineFiles.entries(quarantine)).isEmpty();
    }

    @Test
    void everyRowOfAStreamRefusedIsQuarantinedWithAFewRequestsPerRequest() throws IOException {
        String key = put(vpc("refused.log.gz"), gzip(vpcLines(0, 8_000)));
        fake.refuseRowsContaining("SrcPort");

        SQSBatchResponse response = process(forwarder(Map.of()), key);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fake.accepted("AWSVPCFlow")).isEmpty();
        List<JsonNode> entries = QuarantineFiles.entries(quarantine);
        assertThat(entries).hasSize(8_000);
        assertThat(entries).extracting(e -> e.get("row").get("SrcPort").intValue()).containsExactlyInAnyOrderElementsOf(range(0, 8_000));
        assertThat(entries.getFirst().get("reason").textValue()).startsWith("refused together with every other part of its request: ");
        long packed = logs.lines().stream().filter(line -> line.has("rowsRejected")).findFirst().orElseThrow()
                .get("requests").longValue();
        // each packed request: 1 refused, then 2 + 4 + 8 parts, all refused
        assertThat(fake.received()).hasSize((int) packed);
        assertThat(packed % 15).isZero();
    }

    @Test
    void splittingStopsAtTheDeadline() throws IOException {
        String key = put(vpc("slow-split.log.gz"), gzip(vpcLines(0, 2_000)));
        fake.refuseRowsContaining("\"SrcPort\":1999"); // one bad row: splitting must find it
        // every call to Entra or the service takes 1.5 s: attempts must end 10 s before the deadline and get 5 s each
        ManualTime time = new ManualTime();
        Map<String, String> env = new HashMap<>(local.environment());
        env.put("TIME_MARGIN_SECONDS", "20");
        Services base = local.services(quarantine);
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), new Services(base.s3(), base.secretsManager(),
                time.taking(Duration.ofMillis(1_500), base.azureHttp()), base.quarantineStore(), base.queue(), base.dynamoDb(),
                base.sts(), time.time()), logs.log(), metrics);

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, key))), time.deadlineAfter(Duration.ofSeconds(21)));

        assertThat(fake.received()).extracting(LogsIngestionFake.Received::status)
                .as("the whole request refused, its first half accepted; the second half would not end 10 s before the deadline")
                .containsExactly(400, 204);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m1");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line.path("ingestionError").asText())
                .isEqualTo("no time left in this invocation for another attempt"));
    }

    @Test
    void aMessageNamingThousandsOfMissingObjectsLogsElevenLines() throws IOException {
        var records = Json.mapper().createArrayNode();
        for (int i = 0; i < 3_000; i++) {
            JsonNode one = Json.mapper().readTree(s3Notification(BUCKET, vpc("missing-" + i + ".log.gz"))).get("Records").get(0);
            records.add(one);
        }
        String body = Json.mapper().createObjectNode().set("Records", records).toString();

        SQSBatchResponse response = forwarder(Map.of()).process(batch(message("flood", body)), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("flood");
        List<JsonNode> lines = logs.lines();
        assertThat(lines).hasSize(11);
        assertThat(lines.getLast().get("message").textValue()).isEqualTo("more objects of this message failed; their lines are left out");
        assertThat(lines.getLast().get("linesLeftOut").intValue()).isEqualTo(2_990);
        assertThat(metrics.totals().get("All")).containsEntry("ObjectsFailed", 3_000.0);
    }

    @Test
    void anErrorWhileOneObjectIsHandledFailsThatMessageOnly() throws IOException {
        String good = put(guardDuty("good.jsonl.gz"), gzip(FINDING.formatted(1)));
        String broken = put(guardDuty("bad-line.jsonl.gz"), gzip(FINDING.formatted(2) + "not json\n" + FINDING.formatted(3)));
        String alsoGood = put(guardDuty("also-good.jsonl.gz"), gzip(FINDING.formatted(4)));
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(local.environment()), new Services(
                local.services(quarantine).s3(), () -> null, local.services(quarantine).azureHttp(), (bucket, k, bytes) -> {
                    throw new StackOverflowError("quarantine store exploded");
                }, null, () -> null, local.services(quarantine).sts()), null, logs.log(), metrics);

        SQSBatchResponse response = forwarder.process(batch(message("m1", s3Notification(BUCKET, good)),
                message("m2", s3Notification(BUCKET, broken)), message("m3", s3Notification(BUCKET, alsoGood))), deadline(PLENTY));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m2");
        assertThat(fake.accepted("AWSGuardDuty")).extracting(r -> r.get("Id").textValue()).containsExactly("f1", "f4");
        assertThat(logs.lines()).anySatisfy(line -> {
            assertThat(line.path("messageId").asText()).isEqualTo("m2");
            assertThat(line.path("key").asText()).isEqualTo(broken);
            assertThat(line.path("error").asText()).contains("java.lang.StackOverflowError: quarantine store exploded");
        });
    }

    /** S3's longest key: the quarantine key made from it must fit S3 too, or the good rows of the object are never settled. */
    @Test
    void aKeyAtS3sLimitWithABadLineSendsItsGoodRowsAndQuarantinesTheLine() throws IOException {
        String start = guardDuty("");
        StringBuilder key = new StringBuilder(start);
        while (key.length() < 1024 - "x.jsonl.gz".length()) {
            key.append(key.length() % 200 == 0 ? "/" : "k");
        }
        key.append("x.jsonl.gz");
        String longest = key.toString();
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        put(longest, gzip(FINDING.formatted(1) + "{\"id\":\"cut\n" + FINDING.formatted(2) + FINDING.formatted(3)));

        SQSBatchResponse response = process(forwarder(Map.of()), longest);

        assertThat(response.getBatchItemFailures()).as(logs.text()).isEmpty();
        assertThat(fake.accepted("AWSGuardDuty")).extracting(r -> r.get("Id").textValue()).containsExactlyInAnyOrder("f1", "f2", "f3");
        List<JsonNode> entries = QuarantineFiles.entries(quarantine);
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.get("key").textValue()).as("the full source key, inside the entry").isEqualTo(longest);
            assertThat(entry.get("line").intValue()).isEqualTo(2);
        });
    }

    private Forwarder forwarder(Map<String, String> settings) throws IOException {
        Map<String, String> env = new HashMap<>(local.environment());
        env.putAll(settings);
        return ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine),
                logs.log(), metrics);
    }

    private SQSBatchResponse process(Forwarder forwarder, String key) {
        return forwarder.process(batch(message("m1", s3Notification(BUCKET, key))), deadline(PLENTY));
    }

    private String put(String key, byte[] content) throws IOException {
        Path file = objects.resolve(BUCKET).resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return key;
    }

    private static final String VPC_HEADER = "version srcaddr dstaddr srcport start\n";

    /** A VPC flow log with one record per source port {@code first, first + count)}. */
    static String vpcLines(int first, int count) {
        StringBuilder text = new StringBuilder(VPC_HEADER);
        for (int i = first; i < first + count; i++) {
            text.append("5 10.0.0.1 10.0.0.2 ").append(i).append(" 1795341600\n");
        }
        return text.toString();
    }

    private static List<Integer> ports(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("SrcPort").intValue()).toList();
    }

    private static List<Integer> range(int first, int count) {
        List<Integer> values = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            values.add(i);
        }
        return values;
    }

    private static Deadline deadline(Duration remaining) {
        return Deadline.after(remaining, Clock.systemUTC());
    }
}
