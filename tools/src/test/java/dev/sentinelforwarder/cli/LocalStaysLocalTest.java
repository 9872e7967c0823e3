package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code ./forwarder local} never leaves the machine: the whole run (the tools' JVM with the local services, and the
 * function's own JVM under the runtime client) is traced with strace, and every socket it connects or sends to is
 * loopback, none of them DNS; the function's output has no warning. strace sees what the JVM does, whatever library
 * asks for it (the SDKs' endpoints, instance metadata, a resolver).
 */
class LocalStaysLocalTest {
    /** The address in a traced connect/sendto: strace prints IPv4 with inet_addr, IPv6 with inet_pton. */
    private static final Pattern ADDRESS = Pattern.compile(
            "sin6?_port=htons\\((\\d+)\\).*?(?:inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\")");

    @TempDir
    Path out;

    @Test
    void connectsToNothingButLoopbackAndWarnsOfNothing() throws Exception {
        Path trace = out.resolve("trace.txt");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg",
                "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "local", "--events", "../events", "--objects", "../samples/objects", "--out", out.resolve("run").toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.resolve("stdout.txt").toFile())
                .redirectError(out.resolve("stderr.txt").toFile()).start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String stderr = Files.readString(out.resolve("stderr.txt"));
        assertThat(process.exitValue()).as(stderr).isZero();

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
        assertThat(stderr).as("the function's output on a healthy run")
                .doesNotContain("\"level\":\"WARN\"", "\"level\":\"ERROR\"", "UnknownHostException")
                .contains("\"message\":\"object forwarded\"");
    }
}
