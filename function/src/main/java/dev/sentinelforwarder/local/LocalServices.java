package dev.sentinelforwarder.local;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.config.Setting;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.quarantine.FolderQuarantineStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything the forwarder talks to, on this machine: S3 served from a folder and the Logs Ingestion
 * fake (which is also the Entra token endpoint). The forwarder runs against them with its real clients
 * and its real configuration code; only the addresses differ.
 */
public final class LocalServices implements AutoCloseable {
    public static final String DCR_IMMUTABLE_ID = "dcr-00000000000000000000000000000000";

    private final LocalS3 s3;
    private final LogsIngestionFake ingestion;

    private LocalServices(LocalS3 s3, LogsIngestionFake ingestion) {
        this.s3 = s3;
        this.ingestion = ingestion;
    }

    /** @param objects a folder laid out as {@code <bucket>/<key>} */
    public static LocalServices start(Path objects) throws IOException {
        LocalS3 s3 = LocalS3.start(objects);
        try {
            return new LocalServices(s3, LogsIngestionFake.start(DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams()));
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    public LogsIngestionFake ingestion() {
        return ingestion;
    }

    public LocalS3 s3() {
        return s3;
    }

    /** The forwarder's environment for these services: every bucket folder is allowed. */
    public Map<String, String> environment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Setting.INGESTION_ENDPOINT.name(), ingestion.endpoint().toString());
        env.put(Setting.DCR_IMMUTABLE_ID.name(), DCR_IMMUTABLE_ID);
        env.put(Setting.AZURE_TENANT_ID.name(), "00000000-0000-0000-0000-000000000001");
        env.put(Setting.AZURE_CLIENT_ID.name(), "00000000-0000-0000-0000-000000000002");
        env.put(Setting.AZURE_CLIENT_SECRET.name(), "local-only-secret");
        env.put(Setting.AZURE_AUTHORITY_HOST.name(), ingestion.endpoint() + "/");
        env.put(Setting.ALLOWED_BUCKETS.name(), String.join(",", s3.buckets()));
        return env;
    }

    /** @param quarantine the folder quarantine objects are written to, as {@code <bucket>/<key>} */
    public Services services(Path quarantine) {
        return new Services(s3Client(), () -> {
            throw new IllegalStateException("the local run has no Secrets Manager: use AZURE_CLIENT_SECRET");
        }, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ingestion.clientSslContext())).build(),
                new FolderQuarantineStore(quarantine), null, () -> {
                    throw new IllegalStateException("the local run has no DynamoDB: leave LEDGER_TABLE unset");
                });
    }

    private S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        ingestion.close();
        s3.close();
    }
}
