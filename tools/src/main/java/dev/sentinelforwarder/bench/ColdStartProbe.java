package dev.sentinelforwarder.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.SqsEventJson;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.FolderQuarantineStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The measured side of {@code coldstart}: a fresh JVM that builds the forwarder as Lambda's init would
 * (configuration, S3, credential and ingestion clients) and handles one SQS event against the local
 * services its parent runs. Prints one JSON line: JVM start to main, init, first event.
 * Arguments: EVENT.json S3_ENDPOINT TRUST_STORE STS_ENDPOINT; the forwarder's configuration comes from the environment.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long initStart = System.nanoTime();
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(args[1])).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        StsClient sts = LocalServices.stsClient(URI.create(args[3]));
        Services services = new Services(s3, () -> null,
                new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trusting(Path.of(args[2])))).build(),
                new FolderQuarantineStore(Files.createTempDirectory("coldstart-quarantine")), null, () -> null, () -> sts);
        ForwarderHandler handler = new ForwarderHandler(ForwarderFactory.create(ForwarderConfig.from(System.getenv()), services,
                new JsonLog(new PrintStream(OutputStream.nullOutputStream())), new Metrics(null)));
        long initMs = (System.nanoTime() - initStart) / 1_000_000;
        long eventStart = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(SqsEventJson.read(Json.mapper().readTree(Path.of(args[0]).toFile())), null);
        long eventMs = (System.nanoTime() - eventStart) / 1_000_000;
        System.out.println("{\"jvm_to_main_ms\":" + (main - jvmStart) + ",\"init_ms\":" + initMs + ",\"first_event_ms\":" + eventMs
                + ",\"init_plus_first_event_ms\":" + (initMs + eventMs) + ",\"failures\":" + response.getBatchItemFailures().size() + "}");
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context;
    }
}
