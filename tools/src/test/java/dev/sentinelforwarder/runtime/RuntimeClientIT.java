package dev.sentinelforwarder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.local.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built forwarder jar under Lambda's own runtime interface client, in its own JVM, against a local Runtime API:
 * the runtime deserialises each event of {@code events/} and serialises the handler's answer, as in Lambda.
 * The function's clients reach the local services through the SDKs' own settings (endpoint variables, the trust
 * store), with no code of ours in between.
 */
class RuntimeClientIT {
    /** The Lambda jar as deployed, from the function module (built before this one). */
    private static final Path JAR = Path.of(System.getProperty("project.basedir", "."), "..", "function", "target", "forwarder.jar");
    private static final Path EVENTS = Path.of(System.getProperty("project.basedir", "."), "..", "events");
    private static final String FORWARDER = "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest";
    private static final String COMPANION = "dev.sentinelforwarder.cloudwatch.CloudWatchExportHandler::handleRequest";
    private static final Duration ANSWER = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void theForwarderAnswersEverySampleEventThroughTheRuntimeClient() throws Exception {
        List<Path> events;
        try (Stream<Path> files = Files.list(EVENTS)) {
            events = files.filter(f -> f.getFileName().toString().startsWith("sqs-")).sorted().toList();
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(8);
        try (LocalServices local = LocalServices.start(Path.of(System.getProperty("project.basedir", "."), "..", "samples", "objects"));
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                FunctionProcess function = FunctionProcess.start(JAR, FORWARDER, api, environment(local), jvmOptions(local), work)) {
            for (Path event : events) {
                LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(Files.readString(event), Duration.ofMinutes(5)), ANSWER);
                assertThat(result.isError()).as(event + ": " + result.body() + "\n" + function.output()).isFalse();
                assertThat(result.body()).as(event.toString()).isEqualTo("{\"batchItemFailures\":[]}");
            }
            assertThat(local.ingestion().accepted("Custom-AWSCloudTrail")).isNotEmpty();
            assertThat(function.output()).contains("\"message\":\"object forwarded\"");

            // The deadline is the runtime's: with 20 s left, less than the 30 s margin, no message is started.
            String event = Files.readString(EVENTS.resolve("sqs-cloudtrail.json"));
            String messageId = dev.sentinelforwarder.format.Json.mapper().readTree(event).path("Records").get(0).path("messageId").asText();
            LambdaRuntimeApi.Result late = LambdaRuntimeApi.await(api.invoke(event, Duration.ofSeconds(20)), ANSWER);
            assertThat(late.body()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + messageId + "\"}]}");
        }
    }

    @Test
    void theCompanionWritesTheSubscriptionDeliveryAndAnswersWithItsKey() throws Exception {
        Path objects = Files.createDirectories(work.resolve("objects").resolve("example-log-bucket")).getParent();
        String event = Files.readString(EVENTS.resolve("cloudwatch-logs-subscription.json"));
        try (LocalServices local = LocalServices.start(objects); LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            Map<String, String> env = new HashMap<>(Map.of("CSV_BUCKET", "example-log-bucket", "CSV_PREFIX", "cloudwatch/"));
            env.putAll(awsEndpoints(local));
            try (FunctionProcess function = FunctionProcess.start(JAR, COMPANION, api, env, jvmOptions(local), work)) {
                LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(event, Duration.ofMinutes(1)), ANSWER);

                assertThat(result.isError()).as(result.body() + "\n" + function.output()).isFalse();
                String data = dev.sentinelforwarder.format.Json.mapper().readTree(event).path("awslogs").path("data").asText();
                var expected = CloudWatchExporter.export(data, "cloudwatch/", "us-east-1", result.requestId()).orElseThrow();
                assertThat(result.body()).isEqualTo("\"s3://example-log-bucket/" + expected.key() + "\"");
                assertThat(Files.readAllBytes(objects.resolve("example-log-bucket").resolve(expected.key())))
                        .isEqualTo(expected.gzipCsv());
            }
        }
    }

    @Test
    void anEventTheRuntimeCannotReadIsAnErrorWithItsType() throws Exception {
        try (LocalServices local = LocalServices.start(Files.createDirectories(work.resolve("empty")));
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                FunctionProcess function = FunctionProcess.start(JAR, FORWARDER, api, environment(local), jvmOptions(local), work)) {
            LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke("{\"Records\": \"not a list\"}", Duration.ofMinutes(1)), ANSWER);

            assertThat(result.isError()).as(result.body()).isTrue();
            assertThat(result.errorType()).as(result.body()).isEqualTo("Runtime.UserException");
            assertThat(result.body()).contains("\"errorMessage\":\"An error occurred during JSON parsing\"");
            assertThat(result.body()).contains("errorMessage").contains("errorType");
        }
    }

    @Test
    void aFunctionThatCannotStartReportsAnInitError() throws Exception {
        try (LocalServices local = LocalServices.start(Files.createDirectories(work.resolve("empty")));
                LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            Map<String, String> env = environment(local);
            env.remove("DCR_IMMUTABLE_ID");
            try (FunctionProcess function = FunctionProcess.start(JAR, FORWARDER, api, env, jvmOptions(local), work)) {
                api.invoke("{\"Records\": []}", Duration.ofMinutes(1));
                LambdaRuntimeApi.Result init = LambdaRuntimeApi.await(api.initError(), ANSWER);

                assertThat(init.errorType()).as(init.body()).isEqualTo("Runtime.BadFunctionCode");
                assertThat(init.body()).contains("\"errorType\":\"dev.sentinelforwarder.config.ConfigurationException\"")
                        .contains("DCR_IMMUTABLE_ID is required");
            }
        }
    }

    /** The function's configuration as {@code local} gives it, and where its AWS clients find the local services. */
    private static Map<String, String> environment(LocalServices local) throws Exception {
        Map<String, String> env = new HashMap<>(local.environment());
        if (!env.containsKey("ALLOWED_BUCKETS") || env.get("ALLOWED_BUCKETS").isBlank()) {
            env.put("ALLOWED_BUCKETS", "example-log-bucket");
        }
        env.putAll(awsEndpoints(local));
        return env;
    }

    /** Where the SDK clients built by the handlers find the local S3 and STS: the SDK's own endpoint variables. */
    private static Map<String, String> awsEndpoints(LocalServices local) {
        return Map.of("AWS_ENDPOINT_URL_S3", "http://localhost:" + local.s3().endpoint().getPort(),
                "AWS_ENDPOINT_URL_STS", local.sts().endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1");
    }

    /** Trust for the local HTTPS fakes, and bucket host names (virtual-hosted S3 requests) on the loopback address. */
    private List<String> jvmOptions(LocalServices local) throws Exception {
        Path trustStore = work.resolve("trust.p12");
        local.ingestion().writeTrustStore(trustStore);
        Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 localhost example-log-bucket.localhost\n");
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djdk.net.hosts.file=" + hosts);
    }
}
