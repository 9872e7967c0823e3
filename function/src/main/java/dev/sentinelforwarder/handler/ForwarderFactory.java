package dev.sentinelforwarder.handler;

import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.ledger.DynamoDbLedger;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.TimeBudget;
import dev.sentinelforwarder.quarantine.Quarantine;
import dev.sentinelforwarder.sink.AwsIdentityTokens;
import dev.sentinelforwarder.sink.AzureCredentials;
import dev.sentinelforwarder.sink.AzureIngestionClient;
import dev.sentinelforwarder.sink.Compression;
import dev.sentinelforwarder.sink.DeploymentCheck;
import dev.sentinelforwarder.sink.RetryPolicy;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.sink.Uploaders;
import java.util.List;
import dev.sentinelforwarder.source.S3ObjectSource;

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
        AzureCredentials.Renewable credential = credential(config, services);
        List<AzureIngestionClient> ingestion = ingestion(config, services, credential);
        RetryPolicy retries = new RetryPolicy(TimeBudget.ATTEMPTS_END, services.time().jitter(), config.rules().size() > 1);
        Compression compression = Compression.at(config.gzipLevel());
        Uploaders uploaders = new Uploaders(ingestion.stream().map(client -> new Uploader(client, retries, config.uploadConcurrency(),
                compression, services.time().sleeper())).toList());
        return new Forwarder(config, new S3ObjectSource(services.s3()), uploaders,
                new Quarantine(config.quarantinePrefix(), services.quarantineStore()), services.queue(),
                ledger, log, metrics, new DeploymentCheck(config, credential, ingestion));
    }

    /** The deployment check alone, for the {@code check} command. */
    public static DeploymentCheck check(ForwarderConfig config, Services services) {
        AzureCredentials.Renewable credential = credential(config, services);
        return new DeploymentCheck(config, credential, ingestion(config, services, credential));
    }

    private static AzureCredentials.Renewable credential(ForwarderConfig config, Services services) {
        return AzureCredentials.create(config.credentials(), config.authorityHost(), services.azureHttp(),
                services.secretsManager(), new AwsIdentityTokens(services.sts(), services.time().clock()));
    }

    /** One client per rule: each Azure SDK client is bound to one endpoint. */
    private static List<AzureIngestionClient> ingestion(ForwarderConfig config, Services services, AzureCredentials.Renewable credential) {
        return config.rules().stream().map(rule -> new AzureIngestionClient(rule, credential, services.azureHttp())).toList();
    }
}
