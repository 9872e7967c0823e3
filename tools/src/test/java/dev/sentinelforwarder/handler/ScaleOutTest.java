package dev.sentinelforwarder.handler;

import static dev.sentinelforwarder.handler.ForwarderHandlerTest.BUCKET;
import static dev.sentinelforwarder.handler.ForwarderHandlerTest.GUARDDUTY_KEY;
import static dev.sentinelforwarder.handler.SqsMessages.batch;
import static dev.sentinelforwarder.handler.SqsMessages.message;
import static dev.sentinelforwarder.handler.SqsMessages.s3Notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.ManualTime;
import dev.sentinelforwarder.sink.Uploaders;
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

    @Test
    void objectsSpreadOverTheRulesByKeyAndAThrottledRuleStallsNoOther() throws IOException {
        List<String> rules = List.of(LocalServices.DCR_IMMUTABLE_ID, SECOND_RULE);
        Map<String, String> env = new HashMap<>(local.environment());
        env.put("DCR_IMMUTABLE_ID", String.join(",", rules));
        LogsIngestionFake fake = local.ingestion();
        // The rule of the batch's first object is over its limits: every object after it still has to get through.
        int throttled = Uploaders.indexFor(new ObjectRef(BUCKET, keys.getFirst(), null, 1, null), rules.size());
        fake.throttle(rules.get(throttled));
        String other = rules.get(1 - throttled);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        ManualTime time = new ManualTime();
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine).withTime(time.time()),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        List<String> onThrottled = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            messages.add(message("m" + i, s3Notification(BUCKET, keys.get(i))));
            if (Uploaders.indexFor(new ObjectRef(BUCKET, keys.get(i), null, 1, null), rules.size()) == throttled) {
                onThrottled.add("m" + i);
            }
        }
        assertThat(onThrottled).as("both rules get objects").hasSizeBetween(3, OBJECTS - 3);

        SQSBatchResponse response = forwarder.process(batch(messages.toArray(SQSEvent.SQSMessage[]::new)),
                time.deadlineAfter(Duration.ofMinutes(5)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("the throttled rule's objects fail, to come back later").containsExactlyElementsOf(onThrottled);
        int delivered = OBJECTS - onThrottled.size();
        assertThat(fake.accepted("AWSGuardDuty")).as("every object of the other rule, after the throttled ones in the batch")
                .hasSize(delivered * ROWS_PER_OBJECT);
        assertThat(fake.received()).filteredOn(r -> r.rule().equals(other)).hasSize(delivered)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(fake.received()).filteredOn(r -> r.rule().equals(rules.get(throttled)))
                .as("each throttled object tries five times, then gives way").hasSize(5 * onThrottled.size())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"dataCollectionRule\":\"" + other + "\"")
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
        List<String> rules = List.of(LocalServices.DCR_IMMUTABLE_ID, SECOND_RULE);
        Map<String, String> env = new HashMap<>(local.environment());
        env.put("DCR_IMMUTABLE_ID", String.join(",", rules));
        LogsIngestionFake fake = local.ingestion();
        int broken = Uploaders.indexFor(new ObjectRef(BUCKET, keys.getFirst(), null, 1, null), rules.size());
        fake.answerRule(rules.get(broken), status);
        String healthy = rules.get(1 - broken);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        ManualTime time = new ManualTime();
        Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine).withTime(time.time()),
                new JsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8)), new Metrics(null));
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        List<String> onBroken = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            messages.add(message("m" + i, s3Notification(BUCKET, keys.get(i))));
            if (Uploaders.indexFor(new ObjectRef(BUCKET, keys.get(i), null, 1, null), rules.size()) == broken) {
                onBroken.add("m" + i);
            }
        }

        SQSBatchResponse response = forwarder.process(batch(messages.toArray(SQSEvent.SQSMessage[]::new)),
                time.deadlineAfter(Duration.ofSeconds(60)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("only the broken rule's messages come back").containsExactlyElementsOf(onBroken);
        int delivered = OBJECTS - onBroken.size();
        assertThat(fake.accepted("AWSGuardDuty")).as("every object of the healthy rule, in this invocation").hasSize(delivered * ROWS_PER_OBJECT);
        assertThat(fake.received()).filteredOn(r -> r.rule().equals(healthy)).hasSize(delivered)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(fake.received()).filteredOn(r -> r.rule().equals(rules.get(broken)))
                .as("the first object of the broken rule finds out; the rest are not started").hasSize(requestsToFindOut)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(status));
        assertThat(logs.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("object not started")).count())
                .isEqualTo(onBroken.size() - 1);
    }
}
