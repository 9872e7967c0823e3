package dev.sentinelforwarder.cli;

import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.SchemaConformance;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {
    /** The sample objects shipped in the repository, laid out as bucket/key. */
    static final Path SAMPLES = Path.of("..", "samples", "objects");

    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void convertsTheShippedSamplesIntoConformingRowsOfAllFourTables() throws IOException {
        int status = run("convert", "--out", out.toString(), SAMPLES.toString());

        assertThat(status).as(stderr.toString()).isZero();
        assertThat(rows(Tables.AWS_CLOUD_TRAIL)).hasSize(22);
        assertThat(rows(Tables.AWS_GUARD_DUTY)).hasSize(3);
        assertThat(rows(Tables.AWS_VPC_FLOW)).hasSize(9);
        assertThat(rows(Tables.AWS_CLOUD_WATCH)).hasSize(5);
        for (TableSchema table : Tables.ALL) {
            for (JsonNode row : rows(table)) {
                assertThat(SchemaConformance.problems(table, row)).as("%s row %s", table, row).isEmpty();
            }
        }
        assertThat(rows(Tables.AWS_CLOUD_TRAIL)).extracting(r -> r.path("EventName").asText())
                .contains("ConsoleLogin", "StopLogging", "DeleteTrail", "LeaveOrganization");
        assertThat(rows(Tables.AWS_GUARD_DUTY)).extracting(r -> r.get("Severity").intValue()).containsExactly(2, 8, 5);
        assertThat(rows(Tables.AWS_CLOUD_WATCH).get(2).get("Message").textValue())
                .isEqualTo("Traceback (most recent call last):\n  File \"app.py\", line 3\nValueError: bad\tinput");
        assertThat(stdout.toString()).contains("CloudTrail digest skipped (holds no events)")
                .contains("fields with no column {reject-reason=3}")
                .contains("AWSCloudTrail: 22 rows -> " + out.resolve("AWSCloudTrail.ndjson"));
    }

    @Test
    void filterRulesLeaveOutExactlyTheRowsTheyNameAndSayHowMany() throws IOException {
        assertThat(run("convert", "--out", out.toString(), SAMPLES.toString())).isZero();
        List<JsonNode> all = rows(Tables.AWS_CLOUD_TRAIL);
        long reads = all.stream().filter(r -> r.path("ReadOnly").asBoolean(false)).count();
        assertThat(reads).as("the samples hold read-only events to drop").isPositive().isLessThan(all.size());
        stdout.reset();

        int status = run("convert", "--filter-rules", "[{\"name\":\"reads\",\"table\":\"AWSCloudTrail\",\"when\":{\"ReadOnly\":{\"equals\":true}}}]",
                "--out", out.toString(), SAMPLES.toString());

        assertThat(status).as(stderr.toString()).isZero();
        assertThat(rows(Tables.AWS_CLOUD_TRAIL)).hasSize(all.size() - (int) reads)
                .allSatisfy(r -> assertThat(r.path("ReadOnly").asBoolean(false)).isFalse());
        assertThat(rows(Tables.AWS_VPC_FLOW)).as("other tables untouched").hasSize(9);
        long counted = stdout.toString().lines().filter(l -> l.contains("dropped by filter rules"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*\\{reads=(\\d+)}.*", "$1"))).sum();
        assertThat(counted).isEqualTo(reads);
    }

    @Test
    void filterRulesFromAFileAreReadAsTheFileAsTheReadmeSays() throws IOException {
        Path rules = Files.writeString(out.resolveSibling(out.getFileName() + "-rules.json"), """
                [
                  {
                    "name": "reads",
                    "table": "AWSCloudTrail",
                    "when": {"ReadOnly": {"equals": true}}
                  }
                ]
                """);

        int status = run("convert", "--filter-rules", "@" + rules, "--out", out.toString(), SAMPLES.toString());

        assertThat(status).as(stderr.toString()).isZero();
        assertThat(rows(Tables.AWS_CLOUD_TRAIL)).isNotEmpty().allSatisfy(r -> assertThat(r.path("ReadOnly").asBoolean(false)).isFalse());
        assertThat(stdout.toString()).contains("dropped by filter rules");
    }

    @Test
    void badFilterRulesAreAUsageErrorListingEachProblem() {
        int status = run("convert", "--filter-rules", "[{\"name\":\"x\",\"table\":\"AWSVPCFlow\",\"when\":{\"Port\":{\"equals\":1},"
                + "\"DstPort\":{\"equals\":\"1\"}}}]", "--out", out.toString(), SAMPLES.toString());

        assertThat(status).isEqualTo(2);
        assertThat(stderr.toString()).contains("FILTER_RULES rule 1 (x), column Port: AWSVPCFlow has no such column")
                .contains("FILTER_RULES rule 1 (x), column DstPort equals: \"1\" can never equal a value of this int column");
    }

    @Test
    void badFilesAreNamedWithLineAndReasonWhileRowsOfGoodFilesAreStillWritten() throws IOException {
        Path in = Files.createDirectories(out.resolve("in"));
        Path brokenJson = Files.writeString(in.resolve("broken.json"), "{\"Records\":[\n{\"eventTime\":\"2026-11-22T09:00:00Z\",\"eventName\":\"ListBuckets\"},\n{\"eventTime\": oops}]}");
        byte[] gz = gzip("version srcaddr dstaddr\n" + "2 10.0.0.1 10.0.0.2\n".repeat(5000));
        Path truncated = Files.write(in.resolve("truncated.log.gz"), Arrays.copyOf(gz, gz.length - 40));
        Path wrongCount = Files.writeString(in.resolve("flows.log"), "version srcaddr dstaddr\n2 10.0.0.1\n2 10.0.0.3 10.0.0.4\n");
        Path good = Files.writeString(in.resolve("ok.csv"), "2026-11-22T10:15:30.123Z,fine\n");
        Path tables = out.resolve("tables");

        int status = run("convert", "--out", tables.toString(), brokenJson.toString(), truncated.toString(),
                wrongCount.toString(), good.toString());

        assertThat(status).isEqualTo(1);
        String err = stderr.toString();
        String summary = stdout.toString();
        assertThat(summary).contains(brokenJson + ": cloudtrail, records 1, rows 1, FAILED: invalid JSON at line 3, column 15: Unrecognized token 'oops'");
        assertThat(summary).contains(truncated + ": vpcflow").contains("FAILED: gzip data ends early (truncated object?)");
        assertThat(summary).contains(wrongCount + ": vpcflow, records 2, rows 1, unreadable 1");
        assertThat(err).contains("  " + wrongCount + ": line 2: expected 3 space-separated fields (version srcaddr dstaddr), found 2");
        assertThat(summary).contains(good + ": cloudwatch, records 1, rows 1");
        assertThat(Files.readAllLines(tables.resolve("AWSCloudWatch.ndjson"))).containsExactly(
                "{\"TimeGenerated\":\"2026-11-22T10:15:30.123Z\",\"ExtractedTime\":\"2026-11-22T10:15:30.123Z\",\"Message\":\"fine\"}");
        assertThat(Files.readAllLines(tables.resolve("AWSCloudTrail.ndjson"))).hasSize(1);
    }

    @Test
    void aKeyWithPlusAndPercentSignsIsReadLikeAnyOther() throws IOException {
        Path dir = Files.createDirectories(out.resolve("AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22"));
        Path file = Files.writeString(dir.resolve("a+b%2Bc.jsonl"), "{\"id\":\"f\",\"type\":\"T\",\"updatedAt\":\"2026-11-22T09:00:00Z\"}\n");

        int status = run("convert", "--out", out.resolve("t").toString(), file.toString());

        assertThat(status).isZero();
        assertThat(stdout.toString()).contains(file + ": guardduty, records 1, rows 1");
    }

    @Test
    void refusesAnUnknownTypeAndAMissingOutDirectory() {
        assertThat(run("convert", "--type", "xray", "--out", out.toString(), "x")).isEqualTo(2);
        assertThat(stderr.toString()).isEqualTo("forwarder convert: Invalid value for option '--type': 'xray' is not a log type:"
                + " auto or one of cloudtrail, guardduty, vpcflow, cloudwatch, waf, network_firewall_flow, network_firewall_alert,"
                + " network_firewall_tls, route53_resolver, s3_server_access, alb, nlb, security_hub (see 'forwarder convert --help')\n");
        stderr.reset();
        assertThat(run("convert", SAMPLES.toString())).isEqualTo(2);
        assertThat(stderr.toString()).isEqualTo("forwarder convert: Missing required option: '--out=DIR'"
                + " (see 'forwarder convert --help')\n");
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private List<JsonNode> rows(TableSchema table) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(table.name() + ".ndjson"))) {
            rows.add(Json.mapper().readTree(line));
        }
        return rows;
    }

}
