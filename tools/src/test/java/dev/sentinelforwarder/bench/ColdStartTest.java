package dev.sentinelforwarder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cli.Main;
import dev.sentinelforwarder.format.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code coldstart} measures a fresh JVM that really handles the event; how fast is for the benchmark to say. */
class ColdStartTest {
    @Test
    void aFreshJvmHandlesTheEventAndReportsItsTimes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"coldstart", "--event", "../events/sqs-guardduty.json", "--objects", "../samples/objects"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).as(printed).isZero();
        JsonNode times = Json.mapper().readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(times.get("failures").intValue()).isZero();
        assertThat(times.get("init_ms").longValue()).isPositive();
        assertThat(times.get("first_event_ms").longValue()).isPositive();
        assertThat(times.get("init_plus_first_event_ms").longValue())
                .isEqualTo(times.get("init_ms").longValue() + times.get("first_event_ms").longValue());
    }
}
