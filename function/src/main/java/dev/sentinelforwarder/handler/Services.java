package dev.sentinelforwarder.handler;

import com.azure.core.http.HttpClient;
import dev.sentinelforwarder.quarantine.QuarantineStore;
import dev.sentinelforwarder.quarantine.S3QuarantineStore;
import dev.sentinelforwarder.queue.MessageQueue;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The outside services the forwarder talks to. In Lambda they are the real ones; the local run and the
 * tests point the same clients at emulators.
 *
 * @param secretsManager called only when credentials come from a secret, at most once
 * @param azureHttp the HTTP client for Entra and the Logs Ingestion API
 * @param quarantineStore where quarantine objects are written
 * @param dynamoDb called only when LEDGER_TABLE is set
 * @param queue the notification queue, for heartbeats and handing on large objects; null where there is none
 */
public record Services(S3Client s3, Supplier<SecretsManagerClient> secretsManager, HttpClient azureHttp,
        QuarantineStore quarantineStore, MessageQueue queue, Supplier<DynamoDbClient> dynamoDb) {
    /** The real services: region and AWS credentials from the Lambda environment. */
    public static Services aws() {
        S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new Services(s3,
                memoize(() -> SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()),
                HttpClient.createDefault(), new S3QuarantineStore(s3),
                new SqsMessageQueue(SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()),
                memoize(() -> DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()));
    }

    /** Services on these clients, quarantine in S3 through {@code s3} (tests against moto); {@code queue} may be null. */
    public static Services of(S3Client s3, Supplier<SecretsManagerClient> secretsManager, HttpClient azureHttp, MessageQueue queue) {
        return new Services(s3, secretsManager, azureHttp, new S3QuarantineStore(s3), queue, () -> {
            throw new IllegalStateException("no DynamoDB client: LEDGER_TABLE needs one");
        });
    }

    /** The same services with a DynamoDB client for the ledger. */
    public Services withDynamoDb(Supplier<DynamoDbClient> client) {
        return new Services(s3, secretsManager, azureHttp, quarantineStore, queue, client);
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
