package dev.sentinelforwarder.handler;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.clock.Time;
import dev.sentinelforwarder.quarantine.QuarantineStore;
import dev.sentinelforwarder.quarantine.S3QuarantineStore;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The outside services the forwarder talks to. In Lambda they are the real ones; the local run and the
 * tests point the same clients at emulators.
 *
 * @param secretsManager called only when credentials come from a secret, at most once
 * @param azureHttp the HTTP client for Entra and the Logs Ingestion API
 * @param quarantineStore where quarantine objects are written
 * @param dynamoDb called only when LEDGER_TABLE is set
 * @param queue the notification queue, for heartbeats and handing on large objects; null where there is none
 * @param sts called only with AZURE_AUTH=federated, when the first token is needed: the function's own identity tokens
 * @param time the clock and waits of retries, ledger claims and token lifetimes
 */
public record Services(S3Client s3, Supplier<SecretsManagerClient> secretsManager, HttpClient azureHttp,
        QuarantineStore quarantineStore, MessageQueue queue, Supplier<DynamoDbClient> dynamoDb, Supplier<StsClient> sts,
        Time time) {
    /** These services on the system's time. */
    public Services(S3Client s3, Supplier<SecretsManagerClient> secretsManager, HttpClient azureHttp,
            QuarantineStore quarantineStore, MessageQueue queue, Supplier<DynamoDbClient> dynamoDb, Supplier<StsClient> sts) {
        this(s3, secretsManager, azureHttp, quarantineStore, queue, dynamoDb, sts, Time.system());
    }

    /**
     * The real services: region and AWS credentials from the Lambda environment. Every client gives up on a
     * connection or an answer in seconds, so no call outlives the invocation's wrap-up time.
     */
    public static Services aws() {
        S3Client s3 = S3Client.builder().httpClientBuilder(awsHttp()).build();
        // Quarantine parts are written before the wrap-up and are a few megabytes at most: bounded like the small calls.
        S3Client quarantine = S3Client.builder().httpClientBuilder(awsHttp())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)).apiCallAttemptTimeout(Duration.ofSeconds(5))).build();
        return new Services(s3,
                memoize(() -> SecretsManagerClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Services::bounded).build()),
                new JdkHttpClientBuilder().connectionTimeout(CONNECT_TIMEOUT).responseTimeout(ANSWER_TIMEOUT).build(),
                new S3QuarantineStore(quarantine),
                new SqsMessageQueue(SqsClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Services::bounded).build()),
                memoize(() -> DynamoDbClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Services::bounded).build()),
                // Regional, as GetWebIdentityToken needs (the SDK's default): the region Lambda runs in.
                memoize(() -> StsClient.builder().httpClientBuilder(awsHttp()).overrideConfiguration(Services::bounded).build()));
    }

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A socket that sends nothing for this long is given up on (S3 streams the object through the same socket). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private static UrlConnectionHttpClient.Builder awsHttp() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(ANSWER_TIMEOUT);
    }

    /**
     * Small calls (queue, ledger, secret) are retried by the SDK only within a few seconds in all, so the
     * wrap-up's calls fit {@link dev.sentinelforwarder.clock.TimeBudget#WRAP_UP}.
     */
    private static void bounded(ClientOverrideConfiguration.Builder config) {
        config.apiCallTimeout(Duration.ofSeconds(4)).apiCallAttemptTimeout(Duration.ofSeconds(2));
    }

    /**
     * Services on these clients, quarantine in S3 through {@code s3} (tests against moto), credentials from a
     * secret (no STS); {@code queue} may be null.
     */
    public static Services of(S3Client s3, Supplier<SecretsManagerClient> secretsManager, HttpClient azureHttp, MessageQueue queue) {
        return new Services(s3, secretsManager, azureHttp, new S3QuarantineStore(s3), queue, () -> {
            throw new IllegalStateException("no DynamoDB client: LEDGER_TABLE needs one");
        }, () -> {
            throw new IllegalStateException("no STS client: AZURE_AUTH=federated needs one");
        });
    }

    /** The same services with a DynamoDB client for the ledger. */
    public Services withDynamoDb(Supplier<DynamoDbClient> client) {
        return new Services(s3, secretsManager, azureHttp, quarantineStore, queue, client, sts, time);
    }

    /** The same services on another clock and waits (tests: one that moves only when the forwarder waits). */
    public Services withTime(Time other) {
        return new Services(s3, secretsManager, azureHttp, quarantineStore, queue, dynamoDb, sts, other);
    }

    static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
