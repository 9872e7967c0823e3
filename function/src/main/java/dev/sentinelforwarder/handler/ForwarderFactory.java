package dev.sentinelforwarder.handler;

import com.azure.core.credential.TokenCredential;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.sink.AzureCredentials;
import dev.sentinelforwarder.sink.AzureIngestionClient;
import dev.sentinelforwarder.sink.Uploader;
import dev.sentinelforwarder.source.S3ObjectSource;

/** Wires the stages together once per container; the only place that knows every concrete class. */
public final class ForwarderFactory {
    private ForwarderFactory() {
    }

    public static Forwarder create(ForwarderConfig config, Services services, JsonLog log, Metrics metrics) {
        TokenCredential credential = AzureCredentials.create(config.credentials(), config.authorityHost(),
                services.azureHttp(), services.secretsManager());
        AzureIngestionClient ingestion = new AzureIngestionClient(config.ingestionEndpoint(), config.dcrImmutableId(),
                credential, services.azureHttp());
        return new Forwarder(config, new S3ObjectSource(services.s3()), new Uploader(ingestion, config.uploadConcurrency()),
                log, metrics);
    }
}
