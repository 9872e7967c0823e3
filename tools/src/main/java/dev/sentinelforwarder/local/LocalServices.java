package dev.sentinelforwarder.local;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.config.Setting;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.quarantine.FolderQuarantineStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.nio.file.Files;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Everything the forwarder talks to, on this machine: S3 served from a folder, STS for the function's own
 * identity tokens, and the Logs Ingestion fake (which is also the Entra token endpoint, trusting the local
 * STS's tokens for the local managed identity). The forwarder runs against them with its real clients and
 * its real configuration code, in the default federated mode with no secret anywhere; only the addresses differ.
 */
public final class LocalServices implements AutoCloseable {
    public static final String DCR_IMMUTABLE_ID = "dcr-00000000000000000000000000000000";
    static final String TENANT_ID = "00000000-0000-0000-0000-000000000001";
    static final String CLIENT_ID = "00000000-0000-0000-0000-000000000002";

    private final LocalS3 s3;
    private final LocalSts sts;
    private final LogsIngestionFake ingestion;
    private final LocalSqs sqs;

    private LocalServices(LocalS3 s3, LocalSts sts, LogsIngestionFake ingestion, LocalSqs sqs) {
        this.s3 = s3;
        this.sts = sts;
        this.ingestion = ingestion;
        this.sqs = sqs;
    }

    /** @param objects a folder laid out as {@code <bucket>/<key>} */
    public static LocalServices start(Path objects) throws IOException {
        LocalS3 s3 = LocalS3.start(objects);
        LocalSts sts = null;
        LocalSqs sqs = null;
        try {
            sts = LocalSts.start();
            sqs = LocalSqs.start();
            LogsIngestionFake ingestion = LogsIngestionFake.start(DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
            ingestion.federate(CLIENT_ID, sts.issuer(), LocalSts.ROLE_ARN);
            return new LocalServices(s3, sts, ingestion, sqs);
        } catch (IOException | RuntimeException e) {
            s3.close();
            if (sts != null) {
                sts.close();
            }
            if (sqs != null) {
                sqs.close();
            }
            throw e;
        }
    }

    public LogsIngestionFake ingestion() {
        return ingestion;
    }

    public LocalS3 s3() {
        return s3;
    }

    public LocalSts sts() {
        return sts;
    }

    /** The queue the function heartbeats on and hands large objects on to. */
    public LocalSqs sqs() {
        return sqs;
    }

    /** The forwarder's environment for these services: federated, every bucket folder allowed. */
    public Map<String, String> environment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(Setting.INGESTION_ENDPOINT.name(), ingestion.endpoint().toString());
        env.put(Setting.DCR_IMMUTABLE_ID.name(), DCR_IMMUTABLE_ID);
        env.put(Setting.AZURE_AUTH.name(), "federated");
        env.put(Setting.AZURE_TENANT_ID.name(), TENANT_ID);
        env.put(Setting.AZURE_CLIENT_ID.name(), CLIENT_ID);
        env.put(Setting.AZURE_AUTHORITY_HOST.name(), ingestion.endpoint() + "/");
        env.put(Setting.ALLOWED_BUCKETS.name(), String.join(",", s3.buckets()));
        return env;
    }

    /**
     * Where a function in its own JVM ({@link FunctionProcess}) finds these services with its own SDK clients: the SDKs'
     * endpoint variables of every AWS service it calls (S3, STS, SQS: nothing leaves the machine) and local
     * credentials, beside {@link #environment()}.
     */
    public Map<String, String> functionEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>(environment());
        env.put("AWS_ENDPOINT_URL_S3", "http://localhost:" + s3.endpoint().getPort());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    /**
     * That JVM's options: trust in the fakes' certificate, and each bucket's virtual-hosted name
     * ({@code <bucket>.localhost}, the SDK's default addressing) on the loopback address.
     */
    public List<String> functionJvmOptions(Path work) throws IOException {
        // Absolute: the function's JVM runs in its task root.
        Path trustStore = work.toAbsolutePath().resolve("trust.p12");
        ingestion.writeTrustStore(trustStore);
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost");
        for (String bucket : s3.buckets()) {
            hosts.append(' ').append(bucket).append(".localhost");
        }
        Path hostsFile = Files.writeString(work.toAbsolutePath().resolve("hosts"), hosts.append('\n').toString());
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djdk.net.hosts.file=" + hostsFile);
    }

    /** @param quarantine the folder quarantine objects are written to, as {@code <bucket>/<key>} */
    public Services services(Path quarantine) {
        StsClient stsClient = stsClient(sts.endpoint());
        return new Services(s3Client(), () -> {
            throw new IllegalStateException("the local run has no Secrets Manager: use AZURE_AUTH=federated or AZURE_CLIENT_SECRET");
        }, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ingestion.clientSslContext())).build(),
                new FolderQuarantineStore(quarantine), null, () -> {
                    throw new IllegalStateException("the local run has no DynamoDB: leave LEDGER_TABLE unset");
                }, () -> stsClient);
    }

    /** An STS client for a local STS endpoint (regional, as GetWebIdentityToken needs). */
    public static StsClient stsClient(URI endpoint) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(LOCAL_CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(LOCAL_CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        sqs.close();
        ingestion.close();
        sts.close();
        s3.close();
    }
}
