package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.local.LocalServices;
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
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check [--local]}: checks the Azure side of a deployment with the forwarder's configuration from the
 * environment and its own credentials (a token, then an empty request to each stream), and says what to fix.
 * {@code --local} checks the local services instead, as {@code local} configures them.
 */
@Command(name = "check", description = {"Check the Azure side with the forwarder's configuration from the environment.",
        "A token, then an empty request per stream; says what to fix (exit 1 when a step failed). After a deployment,",
        "prefer the check inside the function (README, Check): only the function's own role gets tokens Entra accepts."})
final class CheckCommand extends ToolCommand {
    /** Long enough for a token and every stream, each step bounded on its own. */
    private static final Duration TIME = Duration.ofMinutes(2);

    @Option(names = "--local", description = "check the local services that 'local' runs against, not the environment's")
    boolean local;

    @Override
    public Integer call() throws IOException {
        if (!local) {
            config(System.getenv());
            AwsRegion.require(); // federated tokens come from the regional STS endpoint
            return check(System.getenv(), Services.aws(), out, err);
        }
        Path empty = Files.createTempDirectory("check-objects");
        try (LocalServices services = LocalServices.start(empty)) {
            Map<String, String> env = new HashMap<>(services.environment());
            env.put("ALLOWED_BUCKETS", "none"); // nothing is read
            return check(env, services.services(empty.resolve("quarantine")), out, err);
        }
    }

    private static ForwarderConfig config(Map<String, String> env) {
        try {
            return ForwarderConfig.from(env);
        } catch (ConfigurationException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }

    /** Exit status 0 when every step passed, 1 otherwise (also when the configuration is refused, with its problems). */
    static int check(Map<String, String> env, Services services, PrintStream out, PrintStream err) {
        ForwarderConfig config;
        try {
            config = ForwarderConfig.from(env);
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 1;
        }
        out.println(config.destinations().size() == 1 ? "checking data collection rule" + (config.rules().size() > 1 ? "s " : " ")
                + config.rules().stream().map(DataCollectionRule::toString).collect(Collectors.joining(", "))
                : "checking " + config.destinations().stream().map(d -> "destination " + d.name() + ": " + d.rules().stream()
                        .map(DataCollectionRule::toString).collect(Collectors.joining(", "))).collect(Collectors.joining("; ")));
        List<DeploymentCheck.Step> steps = ForwarderFactory.check(config, services).run(Deadline.after(TIME, Clock.systemUTC()));
        steps.forEach(out::println);
        boolean passed = steps.stream().allMatch(DeploymentCheck.Step::passed);
        out.println(passed ? "the forwarder can send to every stream" : "the forwarder cannot send yet: fix what FAIL names");
        return passed ? 0 : 1;
    }
}
