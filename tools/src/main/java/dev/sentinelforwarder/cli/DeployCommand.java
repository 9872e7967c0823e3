package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.clock.Time;
import dev.sentinelforwarder.deploy.CommandRunner;
import dev.sentinelforwarder.deploy.DeployFailedException;
import dev.sentinelforwarder.deploy.GoLive;
import dev.sentinelforwarder.deploy.GoLiveSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deploy --workspace ID}: goes live in one command, the README's deploy steps in order with the {@code aws},
 * {@code az} and {@code npx aws-cdk} CLIs ({@link GoLive}). Safe to run again; {@code --dry-run} prints the commands.
 */
@Command(name = "deploy", description = {"Go live in one command: AWS issuer, Azure rule and identity, the stack, the check.",
        "With the aws, az and npx CLIs: the account's token issuer (turned on when off), the Azure template for the",
        "workspace, cdk bootstrap, the stack's plan (reviewed first: removing a trail, bucket, key, table or role needs",
        "--yes) and its change, then the check inside the function. The stack keeps its options: run deploy again to",
        "upgrade, with -c only for what changes. Safe to run again; each step prints what it found. --dry-run prints the",
        "commands and runs none."})
final class DeployCommand extends ToolCommand {
    @Option(names = "--workspace", required = true, paramLabel = "RESOURCE_ID",
            description = "the Sentinel workspace's resource id (az monitor log-analytics workspace show -g G -n N --query id -o tsv)")
    String workspace;
    @Option(names = "--resource-group", paramLabel = "GROUP", description = "where the rule and identity go (default: the workspace's)")
    String resourceGroup;
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of the stack (default: the AWS CLI's)")
    String region;
    @Option(names = "--stack-name", paramLabel = "NAME", description = "the CDK stack (default: ${DEFAULT-VALUE})")
    String stackName = "SentinelAwsForwarder";
    @Option(names = "--rule-count", paramLabel = "N", description = "data collection rules to spread over, 1-20 (default: ${DEFAULT-VALUE})")
    int ruleCount = 1;
    @Option(names = {"-c", "--context"}, paramLabel = "NAME=VALUE", description = {"an option of the stack (README: Stack options),"
            + " e.g. -c trail=true; repeatable. The stack keeps the options it was given: a later deploy without -c keeps them",
            "and -c changes only the one named"})
    List<String> context = new ArrayList<>();
    @Option(names = "--unset", paramLabel = "NAME", description = "remove an option the stack keeps (back to its default); repeatable")
    List<String> unset = new ArrayList<>();
    @Option(names = "--show", description = "print the options the deployed stack keeps, and change nothing")
    boolean show;
    @Option(names = "--yes", description = "go ahead when the plan removes or replaces a trail, bucket, key, table, alarm topic or role")
    boolean yes;
    @Option(names = "--check-wait", paramLabel = "MINUTES",
            description = "how long the check waits for Azure to apply a new role assignment (default: ${DEFAULT-VALUE})")
    long checkWaitMinutes = 15;
    @Option(names = "--dry-run", description = "print the commands, in order, and run none")
    boolean dryRun;
    @Option(names = "--command-timeout", paramLabel = "SECONDS",
            description = "the longest one CLI command may run before deploy stops it and says so (default: ${DEFAULT-VALUE})")
    long commandTimeoutSeconds = 3600;

    private final Map<String, String> environment;
    private final Time time;

    DeployCommand() {
        this(System.getenv(), Time.system());
    }

    /** Tests': stand-in CLIs first on the PATH of {@code environment}, and a clock that moves only when deploy waits. */
    DeployCommand(Map<String, String> environment, Time time) {
        this.environment = Map.copyOf(environment);
        this.time = time;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        GoLiveSettings settings;
        try {
            settings = GoLiveSettings.of(workspace, resourceGroup, region, stackName, ruleCount, context, unset,
                    Duration.ofMinutes(checkWaitMinutes), yes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path root = repositoryRoot();
        try {
            if (commandTimeoutSeconds < 1) {
                throw new UsageException("--command-timeout must be at least 1 second, not " + commandTimeoutSeconds);
            }
            GoLive goLive = new GoLive(settings, new CommandRunner(root, environment, Duration.ofSeconds(commandTimeoutSeconds)), root,
                    environment, time, out, dryRun);
            if (show) {
                goLive.show();
                return 0;
            }
            Map<String, String> outputs = goLive.run();
            if (!dryRun) {
                out.println("live: new objects under the log prefixes now reach Sentinel; after an upgrade run deploy again (it"
                        + " keeps the options: deploy --show)");
                outputs.forEach((name, value) -> out.println("  " + name + ": " + (value.length() <= 200 ? value
                        : "(" + value.length() + " characters: aws cloudformation describe-stacks --stack-name " + stackName + ")")));
            }
        } catch (DeployFailedException | CommandRunner.MissingCliException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        return 0;
    }

    /** The repository root: here, or the parent when run from a module (as the tests are). */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.isRegularFile(here.resolve("infra").resolve("cdk.json")) ? here : here.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("infra").resolve("cdk.json"))) {
            throw new CommandFailedException("run deploy from the repository root (where infra/cdk.json is)");
        }
        return root;
    }
}
