package dev.sentinelforwarder.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an {@link ExternalCommand} from the repository root with this process's environment (so the user's {@code aws}
 * profile and {@code az} login apply), capturing what it prints. A CLI that is not installed is a failure that says
 * which one and where to get it; one that runs longer than the runner's timeout is stopped, with its children.
 */
public class CommandRunner {
    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The error the CLI printed, on one line (both CLIs write it to stderr; some runs only to stdout). */
        public String error() {
            String text = stderr.isBlank() ? stdout : stderr;
            return text.strip().lines().filter(l -> !l.isBlank()).reduce((a, b) -> a + " " + b.strip()).orElse("exit " + exitCode);
        }
    }

    /** The exit code of a command stopped for running too long, as coreutils' timeout gives it. */
    public static final int TIMED_OUT = 124;

    private final Path root;
    private final Map<String, String> environment;
    private final java.time.Duration timeout;

    /**
     * @param environment the variables every command gets (this process's, in use; the stand-ins' PATH in tests)
     * @param timeout the longest one command may run: a CLI waiting on a prompt or a network that never answers is stopped
     */
    public CommandRunner(Path root, Map<String, String> environment, java.time.Duration timeout) {
        this.root = root;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    public Result run(ExternalCommand command) throws IOException, InterruptedException {
        return run(command, line -> { });
    }

    /**
     * @param progress each line the command prints, on stdout or stderr, as it prints it (it is in the result too): the
     *     CDK CLI writes its progress to stderr
     */
    public Result run(ExternalCommand command, java.util.function.Consumer<String> progress) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(command.words());
        words.set(0, executable(words.getFirst()));
        ProcessBuilder builder = new ProcessBuilder(words)
                .directory((command.directory() == null ? root : root.resolve(command.directory())).toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(command.environment());
        Process process = builder.start();
        process.getOutputStream().close();
        // Threads of their own, not the common pool: on two cores it has one worker, which the stderr reader would hold.
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<String> stderr = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> stderr.complete(read(process.getErrorStream(), progress)));
        StringBuilder stdout = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                stdout.append(line).append('\n');
                progress.accept(line);
            }
        }
        int exit = process.waitFor();
        watchdog.join();
        if (timedOut.get()) {
            return new Result(TIMED_OUT, stdout.toString(), "stopped after " + timeout.toSeconds() + " s without finishing"
                    + " (deploy --command-timeout); what it printed: " + stderr.join().strip());
        }
        return new Result(exit, stdout.toString(), stderr.join());
    }

    /**
     * The program's path on the commands' PATH: the JDK looks a bare name up on this process's own PATH, not on the
     * one the command is given.
     */
    private String executable(String name) throws MissingCliException {
        for (String dir : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (java.nio.file.Files.isExecutable(candidate) && !java.nio.file.Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        throw new MissingCliException(name);
    }

    private static String read(InputStream in, java.util.function.Consumer<String> progress) {
        StringBuilder text = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                text.append(line).append('\n');
                progress.accept(line);
            }
        } catch (IOException e) {
            // the process ended under us: what was read is what it said
        }
        return text.toString();
    }

    /** The CLI is not on the PATH. */
    public static final class MissingCliException extends IOException {
        MissingCliException(String cli) {
            super(cli + " is not installed or not on the PATH: " + switch (cli) {
                case "aws" -> "install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)";
                case "az" -> "install the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli)";
                case "npx" -> "install Node.js 22 or 24, which brings npx (the CDK CLI comes from npm)";
                default -> "install it";
            });
        }
    }
}
