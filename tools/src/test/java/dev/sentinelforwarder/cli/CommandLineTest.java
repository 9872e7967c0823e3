package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.observe.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line explains itself: {@code --help} on every command exits 0, a usage error is one line naming what
 * is wrong and where the help is (exit 2), a failure one line naming what failed and what to do (exit 1), never a
 * stack trace unless {@code --debug}; and the README lists exactly the commands and types that {@code --help} does.
 */
class CommandLineTest {
    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    static Stream<String> commands() {
        List<String> all = new ArrayList<>();
        CommandLine root = new CommandLine(new Main());
        root.getSubcommands().forEach((name, line) -> {
            all.add(name);
            line.getSubcommands().keySet().forEach(sub -> all.add(name + " " + sub));
        });
        return all.stream().filter(c -> !c.equals("help"));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandsHelpExitsZeroWithItsUsage(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.add("--help");

        assertThat(run(args.toArray(String[]::new))).isZero();

        assertThat(out()).startsWith("Usage: forwarder " + command + " ");
        assertThat(err()).isEmpty();
    }

    @Test
    void versionNamesTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(out()).isEqualTo("sentinel-aws-forwarder " + Version.current() + "\n");
    }

    @Test
    void usageErrorsAreOneLineWithWhereTheHelpIs() {
        assertThat(run("nope")).isEqualTo(2);
        assertThat(err()).isEqualTo("forwarder: Unmatched argument at index 0: 'nope' (see 'forwarder --help')\n");

        assertThat(run("bench", "generate", "cloudtrail", "five", dir.resolve("x.gz").toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("forwarder bench generate: Invalid value for positional parameter at index 1 (SIZE_MB): 'five'"
                + " is not a long (see 'forwarder bench generate --help')\n");

        assertThat(run("invoke")).isEqualTo(2);
        assertThat(err()).isEqualTo("forwarder invoke: Missing required parameter: 'EVENT.json' (see 'forwarder invoke --help')\n");

        assertThat(run("backfill", "--bucket", "b")).isEqualTo(2);
        assertThat(err()).isEqualTo("forwarder backfill: --queue URL is required (it is not for --dry-run)"
                + " (see 'forwarder backfill --help')\n");

        assertThat(run("bench", "latency", "--batching-window", "301")).isEqualTo(2);
        assertThat(err()).isEqualTo("forwarder bench latency: --batching-window must be 0 to 300 seconds, as Lambda allows, not 301"
                + " (see 'forwarder bench latency --help')\n");
    }

    @Test
    void aFileThatIsNotThereIsNamed() {
        assertThat(run("bench", dir.resolve("nope.gz").toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("forwarder bench: " + dir.resolve("nope.gz") + ": no such file\n");

        assertThat(run("invoke", dir.resolve("event.json").toString())).isEqualTo(1);
        assertThat(err()).startsWith("forwarder invoke: " + dir.resolve("event.json") + ": cannot read the event: ").hasLineCount(1);

        assertThat(run("dcr-template", "--out", dir.resolve("no/such/dir/dcr.json").toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("forwarder dcr-template: " + dir.resolve("no/such/dir/dcr.json") + ": no such file or directory\n");
    }

    @Test
    void debugAddsTheStackTraceAndOnlyThen() {
        String[] failing = {"dcr-template", "--out", dir.resolve("no/dir/dcr.json").toString()};
        assertThat(run(failing)).isEqualTo(1);
        assertThat(err()).doesNotContain("\tat ");

        String[] debug = Stream.concat(Stream.of(failing), Stream.of("--debug")).toArray(String[]::new);
        assertThat(run(debug)).isEqualTo(1);
        assertThat(err()).contains("\tat java.base/");
    }

    @Test
    void binaryContentIsShownEscapedAndFailsTheFile() throws IOException {
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Path file = Files.write(dir.resolve("random.bin"), noise);

        assertThat(run("convert", "--out", dir.resolve("rows").toString(), file.toString())).isEqualTo(1);
        assertThat(out() + err()).as("nothing but printable ASCII reaches the terminal").matches("[\\x20-\\x7e\\n]*")
                .contains("cannot tell the log type from the key or the content; it starts with '");

        assertThat(run("bench", file.toString())).as("a file that cannot be read is a failed bench").isEqualTo(1);
        assertThat(err()).startsWith(file + ": cannot tell the log type");
    }

    @Test
    void withoutARegionTheAwsCommandsSaySoInOneSentenceAndTheOthersDoNotAsk() throws Exception {
        Map<String, String> env = Map.of("HOME", dir.toString(), "PATH", System.getenv("PATH"),
                "INGESTION_ENDPOINT", "https://example-abcd.eastus-1.ingest.monitor.azure.com",
                "DCR_IMMUTABLE_ID", "dcr-00000000000000000000000000000000", "ALLOWED_BUCKETS", "logs",
                "AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000001", "AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000002");
        String noRegion = "no AWS region: set AWS_REGION (e.g. AWS_REGION=eu-west-1), or give your profile one with"
                + " 'aws configure set region <region>'";

        assertThat(tools(env, "check")).isEqualTo(new Run(1, "forwarder check: " + noRegion + "\n"));
        assertThat(tools(env, "backfill", "--bucket", "logs", "--dry-run")).isEqualTo(new Run(1, "forwarder backfill: " + noRegion + "\n"));
        assertThat(tools(env, "backfill", "--help").status()).isZero();
        assertThat(tools(env, "dcr-template", "--out", dir.resolve("dcr.json").toString())).isEqualTo(new Run(0, ""));
    }

    @Test
    void everyMissingSettingIsNamedAtOnce() throws Exception {
        Run check = tools(Map.of("HOME", dir.toString(), "PATH", System.getenv("PATH")), "check");

        assertThat(check.status()).isEqualTo(1);
        assertThat(check.stderr()).startsWith("forwarder check: the forwarder's configuration has 4 problem(s):\n")
                .contains("  - DCR_IMMUTABLE_ID is required", "  - INGESTION_ENDPOINT is required", "  - AZURE_TENANT_ID and AZURE_CLIENT_ID",
                        "  - ALLOWED_BUCKETS is required")
                .doesNotContain("\tat ");
    }

    @Test
    void theReadmeListsExactlyTheCommandsAndTypesOfTheHelp() throws IOException {
        String readme = Files.readString(README);
        List<String> listed = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `forwarder ([a-z0-9-]+)[ `]").matcher(section(readme, "### Commands"));
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertThat(listed).as("the README's command table, in --help's order")
                .containsExactlyElementsOf(Main.commandNames().stream().filter(c -> !c.equals("help")).toList());

        Matcher types = Pattern.compile("(?m)^`TYPE` is one of (.+)\\.$").matcher(readme);
        assertThat(types.find()).as("the README's list of types").isTrue();
        assertThat(Arrays.stream(types.group(1).split(", (or )?")).map(t -> t.replace("`", "")).toList())
                .containsExactlyElementsOf(Arrays.stream(LogType.values()).map(LogType::id).toList());
    }

    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading + " in the README").isNotNegative();
        int end = readme.indexOf("\n#", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    record Run(int status, String stderr) {
    }

    /** The tools as a user starts them: their own JVM, with only {@code env}. */
    private static Run tools(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), stderr);
    }

    private int run(String... args) {
        stdout.reset();
        stderr.reset();
        return Main.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
