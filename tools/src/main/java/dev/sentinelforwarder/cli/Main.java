package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.observe.Version;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./forwarder <command> ...}: the command-line door to the same pipeline the Lambda runs. picocli parses every
 * command, so {@code --help}, {@code --version} and usage errors mean the same everywhere: help exits 0, a usage
 * error is one line naming what is wrong and where the help is (exit 2), a failure one line naming what failed
 * and what to do (exit 1); {@code --debug} adds the stack trace of an unexpected error.
 */
@Command(name = Main.NAME, mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Pushes AWS security logs from S3 into Microsoft Sentinel's built-in tables; these are its tools.",
        footer = {"", "Run '" + Main.NAME + " <command> --help' for a command's options."},
        subcommands = {LocalCommand.class, ConvertCommand.class, DeployCommand.class, CheckCommand.class, InvokeCommand.class,
                BackfillCommand.class, ReplayCommand.class, DcrTemplateCommand.class, CloudWatchToCsvCommand.class,
                BenchCommand.class, ColdStartCommand.class, SoakCommand.class, UninstallCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** How users start the tools: the ./forwarder script at the repository root. */
    static final String NAME = "forwarder";

    Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit status: 0 success, 1 something failed, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, List.of());
    }

    /**
     * The same, with command objects a test built on its own services (stand-in CLIs, emulators) used in place of
     * those of their class.
     */
    static int run(String[] args, PrintStream out, PrintStream err, List<ToolCommand> commands) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine line = new CommandLine(new Main(), new Factory(out, err, commands));
        line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setUsageHelpWidth(120);
        CommandLine coldstart = line.getSubcommands().get("coldstart");
        if (coldstart != null) {
            coldstart.setUnmatchedOptionsArePositionalParams(true); // its JVM options (-XX:...) go to the measured JVM
        }
        line.setParameterExceptionHandler((e, given) -> usageError(e.getCommandLine(), e.getMessage(), err));
        // picocli would read "@FILE" as a file of arguments itself, splitting it into words, before --filter-rules @FILE
        // could read it as rules
        line.setExpandAtFiles(false);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof UsageException usage) {
                return usageError(failed, usage.getMessage(), err);
            }
            String name = failed.getCommandSpec().qualifiedName();
            if (e instanceof CommandFailedException failure) {
                err.println(name + ": " + failure.getMessage());
            } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                err.println(name + ": " + described(e instanceof java.io.UncheckedIOException unchecked ? unchecked.getCause() : e));
            } else {
                err.println(name + ": unexpected error: " + Failures.chain(e) + (debug ? "" : " (--debug shows where)"));
            }
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        });
        return line.execute(args);
    }

    /** A file that cannot be read or written, in words; other input and output failures by their cause chain. */
    private static String described(Throwable e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
            case java.nio.file.AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case java.nio.file.FileSystemException other -> other.getFile() + ": " + other.getReason();
            default -> Failures.chain(e);
        };
    }

    private static int usageError(CommandLine where, String message, PrintStream err) {
        String name = where.getCommandSpec().qualifiedName();
        err.println(name + ": " + message.lines().findFirst().orElse(message) + " (see '" + name + " --help')");
        return 2;
    }

    /** Without a command: the list of commands, as a usage error. */
    @Override
    public void run() {
        throw new UsageException("name a command: " + String.join(", ", commandNames()));
    }

    /** The commands, in the order {@code --help} lists them (the README's list is checked against it). */
    static List<String> commandNames() {
        return new CommandLine(new Main()).getSubcommands().keySet().stream().toList();
    }

    /** {@code Version.current()} of the jar the tools run from: the same as the Lambda jar built beside it. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sentinel-aws-forwarder " + Version.current()};
        }
    }

    /** Hands each command the streams to write to (tests capture them), and a test's own command objects. */
    private record Factory(PrintStream out, PrintStream err, List<ToolCommand> given) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            K made = given.stream().filter(type::isInstance).map(type::cast).findFirst()
                    .orElse(CommandLine.defaultFactory().create(type));
            if (made instanceof ToolCommand command) {
                command.out = out;
                command.err = err;
            }
            return made;
        }
    }
}
