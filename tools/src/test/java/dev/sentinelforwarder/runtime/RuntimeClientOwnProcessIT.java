package dev.sentinelforwarder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.cloudwatch.CloudWatchExporter;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
import dev.sentinelforwarder.local.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar under Lambda's own runtime interface client, as {@link RuntimeClientIT} runs it, where a test needs a
 * function process of its own: the companion, and a forwarder that cannot start. A class apart from RuntimeClientIT,
 * so the two test JVMs take them at once.
 */
class RuntimeClientOwnProcessIT {
    private static final Path EVENTS = RuntimeClientIT.EVENTS;
    private static final String FORWARDER = RuntimeClientIT.FORWARDER;
    private static final String COMPANION = "dev.sentinelforwarder.cloudwatch.CloudWatchExportHandler::handleRequest";
    private static final Duration ANSWER = RuntimeClientIT.ANSWER;

    @TempDir
    Path work;

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
                String data = Json.mapper().readTree(event).path("awslogs").path("data").asText();
                var expected = CloudWatchExporter.export(data, "cloudwatch/", "us-east-1", result.requestId()).orElseThrow();
                assertThat(result.body()).isEqualTo("\"s3://example-log-bucket/" + expected.key() + "\"");
                assertThat(Files.readAllBytes(objects.resolve("example-log-bucket").resolve(expected.key())))
                        .isEqualTo(expected.gzipCsv());
            }
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
