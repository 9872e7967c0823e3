package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cloudwatch.CloudWatchExportHandler;
import dev.sentinelforwarder.config.CompanionConfig;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.ForwarderHandler;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.SqsMessages;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The companion against moto_server: subscription event in, a gzip CSV object with the expected key,
 * encoding and KMS encryption in the bucket; then the forwarder reads that object and the AWSCloudWatch
 * rows at the Logs Ingestion fake equal the original events, with log group, stream and account.
 */
class CloudWatchCompanionEndToEndTest {
    private static final String BUCKET = "companion-bucket";

    @Test
    void subscriptionEventsArriveInSentinelExactly() throws Exception {
        CloudWatchLogsEvent event = EventLoader.loadCloudWatchLogsEvent("cloudwatch-logs-subscription.json");
        JsonNode original = Json.mapper().readTree(new GZIPInputStream(new ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(event.getAwsLogs().getData()))));
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3();
                LogsIngestionFake ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            s3.createBucket(r -> r.bucket(BUCKET));
            CompanionConfig config = CompanionConfig.from(Map.of("CSV_BUCKET", BUCKET, "CSV_PREFIX", "cloudwatch/",
                    "AWS_REGION", "eu-west-1"));
            ByteArrayOutputStream companionLog = new ByteArrayOutputStream();
            CloudWatchExportHandler companion = new CloudWatchExportHandler(config, s3,
                    new JsonLog(new PrintStream(companionLog, true, StandardCharsets.UTF_8)));

            String written = companion.handleRequest(event, context("7d2b1c2a-5e6f-4a8b-9c0d-1e2f3a4b5c6d"));
            String again = companion.handleRequest(event, context("7d2b1c2a-5e6f-4a8b-9c0d-1e2f3a4b5c6d"));

            String key = "cloudwatch/AWSLogs/111122223333/CloudWatch/eu-west-1/%2Faws%2Flambda%2Fpayments-api/"
                    + "2026%2F11%2F22%2F[$LATEST]6f1c2a7e/2026/11/22/1795342530123-7d2b1c2a-5e6f-4a8b-9c0d-1e2f3a4b5c6d.csv.gz";
            assertThat(written).isEqualTo("s3://" + BUCKET + "/" + key).isEqualTo(again);
            assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).as("a retried invocation overwrites").hasSize(1);
            var head = s3.headObject(r -> r.bucket(BUCKET).key(key));
            assertThat(head.contentEncoding()).isEqualTo("gzip");
            assertThat(head.contentType()).startsWith("text/csv");

            // The forwarder picks the object up as S3 would notify it.
            Map<String, String> env = new java.util.HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "CLOUDWATCH_CUSTOM_COLUMNS", "true"));
            ForwarderHandler forwarder = new ForwarderHandler(ForwarderFactory.create(ForwarderConfig.from(env),
                    Services.of(s3, () -> null, new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder()
                            .sslContext(ingestion.clientSslContext())).build(), null),
                    new JsonLog(new PrintStream(new ByteArrayOutputStream())), new Metrics(null)));
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m1");
            message.setBody(SqsMessages.s3Notification(BUCKET, key));
            SQSEvent sqs = new SQSEvent();
            sqs.setRecords(List.of(message));
            assertThat(forwarder.handleRequest(sqs, null).getBatchItemFailures()).isEmpty();

            List<JsonNode> rows = ingestion.accepted("AWSCloudWatch");
            List<String> expectedMessages = new ArrayList<>();
            original.get("logEvents").forEach(e -> expectedMessages.add(e.get("message").textValue()));
            assertThat(rows).extracting(r -> r.get("Message").textValue()).containsExactlyElementsOf(expectedMessages);
            for (int i = 0; i < rows.size(); i++) {
                long millis = original.get("logEvents").get(i).get("timestamp").longValue();
                assertThat(rows.get(i).get("TimeGenerated").textValue()).isEqualTo(java.time.Instant.ofEpochMilli(millis).toString());
                assertThat(rows.get(i).get("LogGroup_CF").textValue()).isEqualTo("/aws/lambda/payments-api");
                assertThat(rows.get(i).get("LogStream_CF").textValue()).isEqualTo("2026/11/22/[$LATEST]6f1c2a7e");
                assertThat(rows.get(i).get("AwsAccountId_CF").textValue()).isEqualTo("111122223333");
            }
        }
    }

    @Test
    void writesWithSseKmsWhenAKeyIsConfigured() throws Exception {
        CloudWatchLogsEvent event = EventLoader.loadCloudWatchLogsEvent("cloudwatch-logs-subscription.json");
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3()) {
            s3.createBucket(r -> r.bucket(BUCKET));
            String keyId;
            try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(MotoServer.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                keyId = kms.createKey().keyMetadata().keyId();
            }
            CloudWatchExportHandler companion = new CloudWatchExportHandler(CompanionConfig.from(Map.of(
                    "CSV_BUCKET", BUCKET, "CSV_KMS_KEY_ID", keyId, "AWS_REGION", "us-east-1")), s3,
                    new JsonLog(new PrintStream(new ByteArrayOutputStream())));

            String written = companion.handleRequest(event, context("r2"));

            var head = s3.headObject(r -> r.bucket(BUCKET).key(written.substring(("s3://" + BUCKET + "/").length())));
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(head.ssekmsKeyId()).endsWith(keyId);
        }
    }

    private static Context context(String requestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
    }
}
