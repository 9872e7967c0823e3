package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.ForwarderHandlerTest.BUCKET;
import static dev.sentinelforwarder.handler.ForwarderHandlerTest.GUARDDUTY_KEY;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.sink.Uploaders;
import dev.sentinelforwarder.source.ObjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several data collection rules: objects spread over them by key, and one rule over its limits holds up no other. */
class ScaleOutTest {
    static final String SECOND_RULE = "dcr-11111111111111111111111111111111";
    private static final int OBJECTS = 12;
    /** Findings in the GuardDuty sample object. */
    private static final int ROWS_PER_OBJECT = 3;

    @TempDir
    Path objects;

    @TempDir
    Path quarantine;

    private LocalServices local;
    private final List<String> keys = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        Path sample = Path.of("..", "samples", "objects", BUCKET, GUARDDUTY_KEY);
        for (int i = 0; i < OBJECTS; i++) {
            String key = GUARDDUTY_KEY.replace(".jsonl.gz", "-" + i + ".jsonl.gz");
            Path target = objects.resolve(BUCKET).resolve(key);
            Files.createDirectories(target.getParent());
            Files.copy(sample, target);
            keys.add(key);
        }
        local = LocalServices.start(objects);
        local.ingestion().addRule(SECOND_RULE);
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private static final List<String> RULES = List.of(LocalServices.DCR_IMMUTABLE_ID, SECOND_RULE);

    /** A batch of every object, one message each, with the rule of the batch's first object answering {@code status}. */
    private record Run(SQSBatchResponse response, LogsIngestionFake fake, String broken, String healthy, List<String> onBroken,
            String logs) {
        int delivered() {
            return OBJECTS - onBroken.size();
        }
    }

    private Run run(int status, Duration invocation) throws IOException {
        Map<String, String> env = new HashMap<>(local.environment());
        env.put("DCR_IMMUTABLE_ID", String.join(",", RULES));
        LogsIngestionFake fake = local.ingestion();
        int broken = Uploaders.indexFor(new ObjectRef(BUCKET, keys.getFirst(), null, 1, null), RULES.size());
        fake.answerRule(RULES.get(broken), status);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        ManualTime time = new ManualTime();
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine).withTime(time.time()),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        List<String> onBroken = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            messages.add(message("m" + i, s3Notification(BUCKET, keys.get(i))));
            if (Uploaders.indexFor(new ObjectRef(BUCKET, keys.get(i), null, 1, null), RULES.size()) == broken) {
                onBroken.add("m" + i);
            }
        }
        assertThat(onBroken).as("both rules get objects").hasSizeBetween(3, OBJECTS - 3);
        SQSBatchResponse response = forwarder.process(batch(messages.toArray(SQSEvent.SQSMessage[]::new)), time.deadlineAfter(invocation));
        return new Run(response, fake, RULES.get(broken), RULES.get(1 - broken), onBroken, logs.toString(StandardCharsets.UTF_8));
    }

    @Test
    void objectsSpreadOverTheRulesByKeyAndAThrottledRuleStallsNoOther() throws IOException {
        // The rule of the batch's first object is over its limits: every object after it still has to get through.
        Run run = run(429, Duration.ofMinutes(5));

        assertThat(run.response().getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("the throttled rule's objects fail, to come back later").containsExactlyElementsOf(run.onBroken());
        assertThat(run.fake().accepted("AWSGuardDuty")).as("every object of the other rule, after the throttled ones in the batch")
                .hasSize(run.delivered() * ROWS_PER_OBJECT);
        assertThat(run.fake().received()).filteredOn(r -> r.rule().equals(run.healthy())).hasSize(run.delivered())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(run.fake().received()).filteredOn(r -> r.rule().equals(run.broken()))
                .as("each throttled object tries five times, then gives way").hasSize(5 * run.onBroken().size())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        assertThat(run.logs()).contains("\"dataCollectionRule\":\"" + run.healthy() + "\"")
                .contains("the data collection rule answered 429 5 times: it is over its limits");
    }

    /**
     * One of two rules refuses every request (its role assignment not visible yet, the rule gone, its endpoint down):
     * its first object finds out (one request, or five for an outage), the rule's other objects are not started, and
     * every object of the healthy rule is accepted in the same invocation.
     */
    @ParameterizedTest(name = "one rule answers {0}")
    @CsvSource({"403, 1", "404, 1", "503, 5"})
    void aRuleThatRefusesOrIsDownHoldsUpOnlyItsOwnObjects(int status, int requestsToFindOut) throws IOException {
        Run run = run(status, Duration.ofSeconds(60));

        assertThat(run.response().getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("only the broken rule's messages come back").containsExactlyElementsOf(run.onBroken());
        assertThat(run.fake().accepted("AWSGuardDuty")).as("every object of the healthy rule, in this invocation")
                .hasSize(run.delivered() * ROWS_PER_OBJECT);
        assertThat(run.fake().received()).filteredOn(r -> r.rule().equals(run.healthy())).hasSize(run.delivered())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(run.fake().received()).filteredOn(r -> r.rule().equals(run.broken()))
                .as("the first object of the broken rule finds out; the rest are not started").hasSize(requestsToFindOut)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(status));
        assertThat(run.logs().lines().filter(l -> l.contains("object not started")).count()).isEqualTo(run.onBroken().size() - 1);
    }
}
