package dev.sentinelforwarder.handler;

import dev.sentinelforwarder.clock.TimeBudget;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.Destination;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.ledger.DynamoDbLedger;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.sink.AwsIdentityTokens;
import dev.sentinelforwarder.sink.AzureCredentials;
import dev.sentinelforwarder.sink.AzureIngestionClient;
import dev.sentinelforwarder.sink.DeploymentCheck;
import dev.sentinelforwarder.sink.RetryPolicy;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.S3ObjectSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Wires the stages together once per container; the only place that knows every concrete class. */
public final class ForwarderFactory {
    private ForwarderFactory() {
    }

    public static Forwarder create(ForwarderConfig config, Services services, JsonLog log, Metrics metrics) {
        ObjectLedger ledger = config.ledgerTable() == null ? null
                : new DynamoDbLedger(services.dynamoDb().get(), config.ledgerTable(), services.time().clock());
        return create(config, services, ledger, log, metrics);
    }

    /** @param ledger the ledger to use whatever LEDGER_TABLE says (soak runs keep it in memory), or null */
    public static Forwarder create(ForwarderConfig config, Services services, ObjectLedger ledger, JsonLog log, Metrics metrics) {
        List<DeploymentCheck.Workspace> workspaces = workspaces(config, services);
        RetryPolicy retries = new RetryPolicy(TimeBudget.ATTEMPTS_END, services.time().jitter(), config.rules().size() > 1,
                config.severalIdentities());
        Compression compression = Compression.at(config.gzipLevel());
        List<Uploader> uploaders = new ArrayList<>();
        for (DeploymentCheck.Workspace workspace : workspaces) {
            workspace.rules().forEach(client -> uploaders.add(new Uploader(workspace.destination(), client, retries,
                    config.uploadConcurrency(), compression, services.time().sleeper())));
        }
        return new Forwarder(config, new S3ObjectSource(services.s3()), new Uploaders(uploaders),
                new Quarantine(config.quarantinePrefix(), services.quarantineStore()), services.queue(),
                ledger, log, metrics, new DeploymentCheck(config, workspaces));
    }

    /** The deployment check alone, for the {@code check} command. */
    public static DeploymentCheck check(ForwarderConfig config, Services services) {
        return new DeploymentCheck(config, workspaces(config, services));
    }

    /**
     * Each destination with its credential (one per identity, however many destinations share it, so one token serves them
     * all) and a client per rule: each Azure SDK client is bound to one endpoint.
     */
    private static List<DeploymentCheck.Workspace> workspaces(ForwarderConfig config, Services services) {
        Map<ForwarderConfig.AzureCredentialsSource, AzureCredentials.Renewable> credentials = new HashMap<>();
        List<DeploymentCheck.Workspace> workspaces = new ArrayList<>();
        for (Destination destination : config.destinations()) {
            AzureCredentials.Renewable credential = credentials.computeIfAbsent(destination.identity(), identity -> AzureCredentials.create(
                    identity, config.authorityHost(), services.azureHttp(), services.secretsManager(),
                    new AwsIdentityTokens(services.sts(), services.time().clock())));
            workspaces.add(new DeploymentCheck.Workspace(destination, credential, destination.rules().stream()
                    .map(rule -> new AzureIngestionClient(rule, credential, services.azureHttp())).toList()));
        }
        return workspaces;
    }
}
