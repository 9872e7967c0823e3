package dev.sentinelforwarder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.LogType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seconds-to-data run, small: one object of each type through moto's notifications, SQS and the runtime client. */
class LatencyTest {
    @TempDir
    Path work;

    @Test
    void measuresEachObjectFromPutToItsLastRowAccepted() throws Exception {
        List<Latency.Sample> seen = new ArrayList<>();

        List<Latency.Sample> samples = Latency.run(1, List.of(10), Duration.ZERO, work, seen::add); // the window is waiting, not measuring

        assertThat(samples).isEqualTo(seen).extracting(Latency.Sample::type)
                .containsExactly(LogType.CLOUDTRAIL, LogType.GUARDDUTY, LogType.VPCFLOW, LogType.CLOUDWATCH);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.records()).isEqualTo(10);
            assertThat(s.millis()).as("a notification, a poll and an invocation take time").isPositive()
                    .isLessThan(Latency.OBJECT_TIMEOUT.toMillis());
        });
        List<JsonNode> summary = Latency.summary(samples);
        assertThat(summary).hasSize(4).allSatisfy(line -> {
            assertThat(line.get("objects").intValue()).isEqualTo(1);
            assertThat(line.get("p50_ms").longValue()).isEqualTo(line.get("max_ms").longValue());
        });
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> sorted = List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);
        assertThat(Latency.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Latency.percentile(sorted, 95)).isEqualTo(100);
        assertThat(Latency.percentile(List.of(7L), 95)).isEqualTo(7);
    }
}
