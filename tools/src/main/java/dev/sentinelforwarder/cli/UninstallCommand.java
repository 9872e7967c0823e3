package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.deploy.CommandRunner;
import dev.sentinelforwarder.deploy.DeployFailedException;
import dev.sentinelforwarder.deploy.GoLiveSettings;
import dev.sentinelforwarder.deploy.Uninstall;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uninstall --workspace ID}: removes what deploy made and keeps what holds data ({@link Uninstall}). */
@Command(name = "uninstall", description = {"Remove what deploy made; keep the buckets, keys and workspace data.",
        "Deletes the stack, then in Azure the stack role's federated credential and, when no other forwarder's role is",
        "trusted by the identity, the identity, its role and the rule(s). Prints what it keeps and how to remove it by",
        "hand. Safe to run twice; --dry-run prints the commands and runs none."})
final class UninstallCommand extends ToolCommand {
    @Option(names = "--workspace", required = true, paramLabel = "RESOURCE_ID",
            description = "the Sentinel workspace's resource id deploy was given (it names the subscription and resource group)")
    String workspace;
    @Option(names = "--resource-group", paramLabel = "GROUP", description = "where the rule and identity are (default: the workspace's)")
    String resourceGroup;
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region of the stack (default: the AWS CLI's)")
    String region;
    @Option(names = "--stack-name", paramLabel = "NAME", description = "the stack (default: ${DEFAULT-VALUE})")
    String stackName = "SentinelAwsForwarder";
    @Option(names = "--dry-run", description = "print the commands, in order, and run none")
    boolean dryRun;
    @Option(names = "--command-timeout", paramLabel = "SECONDS",
            description = "the longest one CLI command may run before uninstall stops it and says so (default: ${DEFAULT-VALUE})")
    long commandTimeoutSeconds = 3600;

    private final Map<String, String> environment;

    UninstallCommand() {
        this(System.getenv());
    }

    /** Tests': stand-in CLIs first on the PATH of {@code environment}. */
    UninstallCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        GoLiveSettings settings;
        try {
            settings = GoLiveSettings.of(workspace, resourceGroup, region, stackName, 1, List.of(), List.of(), Duration.ZERO, false);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (commandTimeoutSeconds < 1) {
            throw new UsageException("--command-timeout must be at least 1 second, not " + commandTimeoutSeconds);
        }
        try {
            new Uninstall(settings, new CommandRunner(Path.of("").toAbsolutePath(), environment, Duration.ofSeconds(commandTimeoutSeconds)),
                    environment, out, dryRun).run();
        } catch (DeployFailedException | CommandRunner.MissingCliException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
        if (!dryRun) {
            out.println("uninstalled: the stack and this forwarder's trust in Azure are gone; what is kept is listed above");
        }
        return 0;
    }
}
