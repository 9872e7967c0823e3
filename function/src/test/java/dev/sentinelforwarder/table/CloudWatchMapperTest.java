package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.CloudTrailMapperTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.CloudWatchEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudWatchMapperTest {
    private static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");
    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123Z");

    @Test
    void theEventTimeIsBothTimeGeneratedAndExtractedTime() throws Exception {
        JsonNode row = RowTest.write(mapped(new CloudWatchMapper(OBJECT_TIME), new CloudWatchEvent(T, "a, \"b\"\n", null, null)));

        assertThat(SchemaConformance.problems(Tables.AWS_CLOUD_WATCH, row)).isEmpty();
        assertThat(row.toString()).isEqualTo("{\"TimeGenerated\":\"2026-11-22T10:15:30.123Z\","
                + "\"ExtractedTime\":\"2026-11-22T10:15:30.123Z\",\"Message\":\"a, \\\"b\\\"\\n\"}");
    }

    @Test
    void aMessageOnlyLineHasNoExtractedTimeAndTakesTheObjectTime() {
        CloudWatchMapper mapper = new CloudWatchMapper(OBJECT_TIME);
        Row row = mapped(mapper, new CloudWatchEvent(null, "no time here", null, null));

        assertThat(row.get("TimeGenerated")).isEqualTo(OBJECT_TIME);
        assertThat(row.get("ExtractedTime")).isNull();
        assertThat(mapper.timedFromObject()).isEqualTo(1);
    }

    @Test
    void countsLogGroupAndStreamItCannotPlace() {
        CloudWatchMapper mapper = new CloudWatchMapper(OBJECT_TIME);
        mapped(mapper, new CloudWatchEvent(T, "m", "/aws/lambda/x", "stream"));

        assertThat(mapper.unmappedFields()).isEqualTo(Map.of("logGroup", 1L, "logStream", 1L));
    }
}
