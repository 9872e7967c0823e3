package dev.sentinelforwarder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
import dev.sentinelforwarder.local.LocalServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built forwarder jar under Lambda's own runtime interface client, in its own JVM, against a local Runtime API:
 * the runtime deserialises each event of {@code events/} and serialises the handler's answer, as in Lambda.
 * The function's clients reach the local services through the SDKs' own settings (endpoint variables, the trust
 * store), with no code of ours in between. One function process answers every test here, as one Lambda container
 * answers many invocations (its start is most of each test's time); {@link RuntimeClientOwnProcessIT} has the tests
 * that need a process of their own.
 */
class RuntimeClientIT {
    static final Path EVENTS = Path.of(System.getProperty("project.basedir", "."), "..", "events");
    static final String FORWARDER = "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest";
    static final Duration ANSWER = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private static LocalServices local;
    private static LambdaRuntimeApi api;
    private static FunctionProcess function;

    @BeforeAll
    static void startTheFunction() throws Exception {
        local = LocalServices.start(Path.of(System.getProperty("project.basedir", "."), "..", "samples", "objects"));
        api = LambdaRuntimeApi.start();
        function = FunctionProcess.start(FunctionProcess.lambdaJar(), FunctionProcess.runtime(), FORWARDER, api,
                local.functionEnvironment(), local.functionJvmOptions(work), work);
    }

    @AfterAll
    static void stopTheFunction() throws Exception {
        try (LocalServices l = local; LambdaRuntimeApi a = api; FunctionProcess f = function) {
            // closed in reverse order, as try-with-resources would have
        }
    }

    @Test
    void theForwarderAnswersEverySampleEventThroughTheRuntimeClient() throws Exception {
        List<Path> events;
        try (Stream<Path> files = Files.list(EVENTS)) {
            events = files.filter(f -> f.getFileName().toString().startsWith("sqs-")).sorted().toList();
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(8);
        for (Path event : events) {
            LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(Files.readString(event), Duration.ofMinutes(5)), ANSWER);
            assertThat(result.isError()).as(event + ": " + result.body() + "\n" + function.output()).isFalse();
            assertThat(result.body()).as(event.toString()).isEqualTo("{\"batchItemFailures\":[]}");
        }
        assertThat(local.ingestion().accepted("AWSCloudTrail")).isNotEmpty();
        assertThat(function.output()).contains("\"message\":\"object forwarded\"");
    }

    @Test
    void theDeadlineIsTheRuntimes() throws Exception {
        // with 20 s left, less than the 30 s margin, no message is started
        String event = Files.readString(EVENTS.resolve("sqs-cloudtrail.json"));
        String messageId = Json.mapper().readTree(event).path("Records").get(0).path("messageId").asText();
        LambdaRuntimeApi.Result late = LambdaRuntimeApi.await(api.invoke(event, Duration.ofSeconds(20)), ANSWER);
        assertThat(late.body()).as(function.output()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + messageId + "\"}]}");
    }

    @Test
    void anEventTheRuntimeCannotReadIsAnErrorWithItsType() throws Exception {
        LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke("{\"Records\": \"not a list\"}", Duration.ofMinutes(1)), ANSWER);

        assertThat(result.isError()).as(result.body()).isTrue();
        assertThat(result.errorType()).as(result.body()).isEqualTo("Runtime.UserException");
        assertThat(result.body()).contains("\"errorMessage\":\"An error occurred during JSON parsing\"");
        LambdaRuntimeApi.Result next = LambdaRuntimeApi.await(api.invoke("{\"Records\": []}", Duration.ofMinutes(1)), ANSWER);
        assertThat(next.body()).as("the container answers the next invocation").isEqualTo("{\"batchItemFailures\":[]}");
    }
}
