package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.StringJoiner;

/**
 * How {@code deploy} and {@code uninstall} run their steps with the documented CLIs: each step numbered, each command
 * printed before it runs (in a dry run printed only), what it found after it, and a failure as one sentence with what
 * the CLI said, the command and what to do ({@link FailureAdvice}).
 */
final class CliSteps {
    private final CommandRunner runner;
    private final PrintStream out;
    private final boolean dryRun;
    private final int total;
    private int step;

    CliSteps(CommandRunner runner, PrintStream out, boolean dryRun, int total) {
        this.runner = runner;
        this.out = out;
        this.dryRun = dryRun;
        this.total = total;
    }

    /** Runs a command whose failure the caller reads (a resource that may not exist): printed, then its result; null in a dry run. */
    CommandRunner.Result attempt(ExternalCommand command, String dryRunNote) throws IOException, InterruptedException {
        out.println((dryRun ? "" : "  $ ") + command.display() + (dryRun && dryRunNote != null ? "    # " + dryRunNote : ""));
        return dryRun ? null : runner.run(command);
    }

    void begin(String what) {
        step++;
        out.println((dryRun ? "# " : "") + "[" + step + "/" + total + "] " + what);
    }

    void found(String what) {
        out.println((dryRun ? "#   " : "  -> ") + what);
    }

    /** Runs a command whose output is for the user (CDK's progress, shown as it comes); a failure throws with {@code advice}. */
    void exec(ExternalCommand command, String advice) throws IOException, InterruptedException {
        out.println((dryRun ? "" : "  $ ") + command.display());
        if (dryRun) {
            return;
        }
        CommandRunner.Result result = runner.run(command, line -> out.println("  | " + line));
        if (!result.succeeded()) {
            throw failed(command, result, advice);
        }
    }

    JsonNode json(ExternalCommand command, String advice) throws IOException, InterruptedException {
        return json(command, advice, result -> null);
    }

    /** Runs a command that prints JSON; on failure, {@code advice} (or what {@code specific} makes of the error). */
    JsonNode json(ExternalCommand command, String advice,
            java.util.function.Function<CommandRunner.Result, String> specific) throws IOException, InterruptedException {
        out.println((dryRun ? "" : "  $ ") + command.display());
        if (dryRun) {
            return Json.mapper().createObjectNode();
        }
        CommandRunner.Result result = runner.run(command);
        if (!result.succeeded()) {
            String why = specific.apply(result);
            throw failed(command, result, why != null ? why : advice);
        }
        return parse(result, command);
    }

    static JsonNode parse(CommandRunner.Result result, ExternalCommand command) {
        try {
            return Json.mapper().readTree(result.stdout());
        } catch (IOException e) {
            throw new DeployFailedException(command.words().getFirst() + " printed what is not JSON ("
                    + result.stdout().strip().lines().findFirst().orElse("nothing") + ") for: " + command.display());
        }
    }

    static boolean accessDenied(CommandRunner.Result result) {
        return result.error().contains("AccessDenied") || result.error().contains("not authorized");
    }

    static DeployFailedException failed(ExternalCommand command, CommandRunner.Result result, String advice) {
        StringJoiner message = new StringJoiner("; ");
        message.add(command.words().getFirst() + " failed (exit " + result.exitCode() + "): " + FailureAdvice.quote(result));
        message.add("the command was: " + command.display());
        String what = FailureAdvice.of(result, advice);
        if (what != null) {
            message.add("what to do: " + what);
        }
        return new DeployFailedException(message.toString());
    }


    /** {@code aws cloudformation <words> --region <region> --stack-name <stack>}. */
    static ExternalCommand cloudFormation(String region, String stack, String... words) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("aws", "cloudformation"));
        all.addAll(java.util.List.of(words));
        all.addAll(java.util.List.of("--region", region, "--stack-name", stack));
        return new ExternalCommand(all, java.util.Map.of(), null);
    }
}
