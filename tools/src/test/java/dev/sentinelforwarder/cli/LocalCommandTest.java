package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.SchemaConformance;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: every shipped event through the real handler, locally. */
class LocalCommandTest {
    @TempDir
    Path out;

    @Test
    void runsEveryShippedEventAndReportsWhatEachTableAccepted() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"local", "--events", "../events", "--objects", "../samples/objects", "--out", out.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(status).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("../events/sqs-mixed-batch.json: {\"batchItemFailures\":[]}")
                .contains("../events/sqs-s3-test-event.json: {\"batchItemFailures\":[]}")
                .contains("../events/sqs-vpcflow-parquet.json: {\"batchItemFailures\":[]}");
        assertThat(printed.lines().filter(l -> l.contains("batchItemFailures")).count()).isEqualTo(15);
        assertThat(printed).contains("every message succeeded, through Lambda's runtime client");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("the function's own output, from its JVM")
                .contains("\"message\":\"object forwarded\"").contains("\"executionEnvironment\":\"AWS_Lambda_java25\"")
                .as("each container's first line names the build").contains("\"message\":\"forwarder started\",\"version\":\""
                        + dev.sentinelforwarder.observe.Version.current() + "\"");
        assertThat(printed).as("libdeflate's linux-x86_64 library loads in the function's JVM, so it gzips the bodies")
                .contains("request bodies gzipped by: libdeflate levels by table: AWSCloudTrail 5, AWSCloudWatch 2, AWSGuardDuty 5, AWSVPCFlow 5,"
                        + " others 6\n");
        assertThat(printed).contains("identity: federated, no secret: 1 AWS token(s) from the local STS, exchanged 1 time(s)")
                .doesNotContain("client_secret");
        assertThat(printed).containsPattern("AWSCloudTrail +rows accepted +22, requests +2,")
                .containsPattern("AWSGuardDuty +rows accepted +6, requests +2,")
                .containsPattern("AWSVPCFlow +rows accepted +9, requests +3,")
                .containsPattern("AWSCloudWatch +rows accepted +10, requests +2,")
                .containsPattern("AWSWAF +rows accepted +4, requests +1,")
                .containsPattern("AWSNetworkFirewallFlow +rows accepted +2, requests +1,")
                .containsPattern("AWSNetworkFirewallAlert +rows accepted +2, requests +1,")
                .containsPattern("AWSNetworkFirewallTls +rows accepted +3, requests +1,")
                .containsPattern("AWSRoute53Resolver +rows accepted +2, requests +1,")
                .containsPattern("AWSS3ServerAccess +rows accepted +5, requests +1,")
                .containsPattern("AWSALBAccessLogs +rows accepted +4, requests +1,")
                .containsPattern("AWSNLBAccessLogs +rows accepted +2, requests +1,")
                .containsPattern("AWSSecurityHubFindings +rows accepted +2, requests +1,");
        for (TableSchema table : Tables.ALL) {
            List<String> rows = Files.readAllLines(out.resolve(table.name() + ".ndjson"));
            assertThat(rows).isNotEmpty();
            for (String row : rows) {
                assertThat(SchemaConformance.problems(table, Json.mapper().readTree(row))).isEmpty();
            }
        }

        Path full = out.resolveSibling(out.getFileName() + "-full");
        assertThat(Main.run(new String[] {"local", "--events", "../events", "--objects", "../samples/objects", "--out", full.toString(),
                "--row-format", "full"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isZero();
        for (TableSchema table : Tables.ALL) {
            assertThat(sorted(out.resolve(table.name() + ".ndjson")))
                    .as(table.name() + ": compact rows, mapped back as the generated transform maps them, are the rows full names send")
                    .isEqualTo(sorted(full.resolve(table.name() + ".ndjson")));
        }
    }

    /** The rows of a table file, in an order that does not depend on which concurrent request landed first. */
    private static List<String> sorted(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }
}
