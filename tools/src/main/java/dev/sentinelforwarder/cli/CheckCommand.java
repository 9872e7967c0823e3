package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.pipeline.Deadline;
import dev.sentinelforwarder.sink.DeploymentCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check [--local]}: checks the Azure side of a deployment with the forwarder's configuration from the
 * environment and its own credentials (a token, then an empty request to each stream), and says what to fix.
 * {@code --local} checks the local services instead, as {@code local} configures them.
 */
final class CheckCommand {
    /** Long enough for a token and four streams, each step bounded on its own. */
    private static final Duration TIME = Duration.ofMinutes(2);

    private CheckCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 || (args.length == 1 && !args[0].equals("--local"))) {
            throw new UsageException("check [--local]");
        }
        if (args.length == 0) {
            return check(System.getenv(), Services.aws(), out, err);
        }
        try {
            Path empty = Files.createTempDirectory("check-objects");
            try (LocalServices local = LocalServices.start(empty)) {
                Map<String, String> env = new HashMap<>(local.environment());
                env.put("ALLOWED_BUCKETS", "none"); // nothing is read
                return check(env, local.services(empty.resolve("quarantine")), out, err);
            }
        } catch (IOException e) {
            err.println("check: cannot start the local services: " + e.getMessage());
            return 1;
        }
    }

    /** Exit status 0 when every step passed, 1 otherwise. */
    static int check(Map<String, String> env, Services services, PrintStream out, PrintStream err) {
        ForwarderConfig config;
        try {
            config = ForwarderConfig.from(env);
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 1;
        }
        out.println("checking data collection rule" + (config.rules().size() > 1 ? "s " : " ")
                + config.rules().stream().map(DataCollectionRule::toString).collect(java.util.stream.Collectors.joining(", ")));
        List<DeploymentCheck.Step> steps = ForwarderFactory.check(config, services).run(Deadline.after(TIME, Clock.systemUTC()));
        steps.forEach(out::println);
        boolean passed = steps.stream().allMatch(DeploymentCheck.Step::passed);
        out.println(passed ? "the forwarder can send to every stream" : "the forwarder cannot send yet: fix what FAIL names");
        return passed ? 0 : 1;
    }
}
