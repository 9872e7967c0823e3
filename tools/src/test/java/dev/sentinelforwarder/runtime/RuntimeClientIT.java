package dev.sentinelforwarder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
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
                FunctionProcess function = start(FORWARDER, api, local, local.functionEnvironment())) {
            for (Path event : events) {
                LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(Files.readString(event), Duration.ofMinutes(5)), ANSWER);
                assertThat(result.isError()).as(event + ": " + result.body() + "\n" + function.output()).isFalse();
                assertThat(result.body()).as(event.toString()).isEqualTo("{\"batchItemFailures\":[]}");
            }
            assertThat(local.ingestion().accepted("AWSCloudTrail")).isNotEmpty();
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
            Map<String, String> env = new HashMap<>(local.functionEnvironment());
            env.putAll(Map.of("CSV_BUCKET", "example-log-bucket", "CSV_PREFIX", "cloudwatch/"));
            try (FunctionProcess function = start(COMPANION, api, local, env)) {
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
        try (LocalServices local = LocalServices.start(Files.createDirectories(work.resolve("empty").resolve("example-log-bucket")).getParent());
                LambdaRuntimeApi api = LambdaRuntimeApi.start();
                FunctionProcess function = start(FORWARDER, api, local, local.functionEnvironment())) {
            LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke("{\"Records\": \"not a list\"}", Duration.ofMinutes(1)), ANSWER);

            assertThat(result.isError()).as(result.body()).isTrue();
            assertThat(result.errorType()).as(result.body()).isEqualTo("Runtime.UserException");
            assertThat(result.body()).contains("\"errorMessage\":\"An error occurred during JSON parsing\"");
            assertThat(result.body()).contains("errorMessage").contains("errorType");
        }
    }

    @Test
    void aFunctionThatCannotStartReportsAnInitError() throws Exception {
        try (LocalServices local = LocalServices.start(Files.createDirectories(work.resolve("empty").resolve("example-log-bucket")).getParent());
                LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            Map<String, String> env = local.functionEnvironment();
            env.remove("DCR_IMMUTABLE_ID");
            try (FunctionProcess function = start(FORWARDER, api, local, env)) {
                api.invoke("{\"Records\": []}", Duration.ofMinutes(1));
                LambdaRuntimeApi.Result init = LambdaRuntimeApi.await(api.initError(), ANSWER);

                assertThat(init.errorType()).as(init.body()).isEqualTo("Runtime.BadFunctionCode");
                assertThat(init.body()).contains("\"errorType\":\"dev.sentinelforwarder.config.ConfigurationException\"")
                        .contains("DCR_IMMUTABLE_ID is required");
            }
        }
    }

    private FunctionProcess start(String handler, LambdaRuntimeApi api, LocalServices local, Map<String, String> env) throws Exception {
        return FunctionProcess.start(FunctionProcess.lambdaJar(), FunctionProcess.runtime(), handler, api, env, local.functionJvmOptions(work), work);
    }
}
