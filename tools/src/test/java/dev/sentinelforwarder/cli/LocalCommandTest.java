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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: every shipped event through the real handler, locally; and the same run again with full
 * column names, traced with strace, never leaves the machine: the whole run (the tools' JVM with the local services, and
 * the function's own JVM under the runtime client) connects and sends only to loopback, none of it DNS, and the
 * function's output has no warning. strace sees what the JVM does, whatever library asks for it (the SDKs' endpoints,
 * instance metadata, a resolver).
 */
class LocalCommandTest {
    /** The address in a traced connect/sendto: strace prints IPv4 with inet_addr, IPv6 with inet_pton. */
    private static final Pattern ADDRESS = Pattern.compile(
            "sin6?_port=htons\\((\\d+)\\).*?(?:inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\")");

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
        String traced = tracedRun(full);
        assertThat(traced).as("the function's output on a healthy run")
                .doesNotContain("\"level\":\"WARN\"", "\"level\":\"ERROR\"", "UnknownHostException")
                .contains("\"message\":\"object forwarded\"");
        for (TableSchema table : Tables.ALL) {
            assertThat(sorted(out.resolve(table.name() + ".ndjson")))
                    .as(table.name() + ": compact rows, mapped back as the generated transform maps them, are the rows full names send")
                    .isEqualTo(sorted(full.resolve(table.name() + ".ndjson")));
        }
    }

    /** {@code local --row-format full} in a JVM of its own under strace: asserts it reached loopback only; returns its stderr. */
    private static String tracedRun(Path full) throws Exception {
        Path trace = full.resolveSibling("trace.txt");
        Path stderr = full.resolveSibling("stderr.txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg",
                "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "local", "--events", "../events", "--objects", "../samples/objects", "--out", full.toString(), "--row-format", "full"));
        Process process = new ProcessBuilder(command).redirectOutput(full.resolveSibling("stdout.txt").toFile())
                .redirectError(stderr.toFile()).start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String errors = Files.readString(stderr);
        assertThat(process.exitValue()).as(errors).isZero();

        List<String> sockets = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
            Matcher address = ADDRESS.matcher(line);
            if (!line.contains("AF_INET") || !address.find()) {
                continue;
            }
            String ip = address.group(2) != null ? address.group(2) : address.group(3);
            int port = Integer.parseInt(address.group(1));
            sockets.add(ip + ":" + port);
            boolean loopback = ip.startsWith("127.") || ip.equals("::1") || ip.startsWith("::ffff:127.");
            if (!loopback || port == 53) {
                elsewhere.add(line);
            }
        }
        assertThat(sockets).as("the trace saw the run's own local connections").isNotEmpty();
        assertThat(elsewhere).as("connections that are not to this machine's loopback, or are DNS").isEmpty();
        return errors;
    }

    /** The rows of a table file, in an order that does not depend on which concurrent request landed first. */
    private static List<String> sorted(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }
}
