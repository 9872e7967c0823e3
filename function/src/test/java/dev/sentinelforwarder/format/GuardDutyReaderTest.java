package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GuardDutyReaderTest {
    @Test
    void readsOneFindingPerLineAndPassesOverBlankLines() throws IOException {
        var reads = readAll(new GuardDutyReader(utf8("{\"id\":\"f1\"}\n\n   \n{\"id\":\"f2\"}\r\n"), Reading.MAX_LINE));

        assertThat(reads).containsExactly(
                new Read.Record<>(0, 1, (ObjectNode) Json.mapper().readTree("{\"id\":\"f1\"}")),
                new Read.Record<>(1, 4, (ObjectNode) Json.mapper().readTree("{\"id\":\"f2\"}")));
    }

    @Test
    void reportsABrokenLineWithItsNumberAndReadsTheNextOnes() throws IOException {
        var reads = readAll(new GuardDutyReader(utf8("{\"id\":\"f1\"}\n{\"id\": f2}\n[1,2]\n{\"id\":\"f3\"}\n"), Reading.MAX_LINE));

        assertThat(reads).hasSize(4);
        assertThat(reads.get(1)).isInstanceOf(Read.Unreadable.class);
        assertThat(((Read.Unreadable<ObjectNode>) reads.get(1)).reason())
                .startsWith("invalid JSON: column 8: Unrecognized token 'f2'");
        assertThat(reads.get(1).line()).isEqualTo(2);
        assertThat(reads.get(2)).isEqualTo(new Read.Unreadable<ObjectNode>(2, 3, "line is a JSON ARRAY, not a finding object"));
        assertThat(reads.get(3)).isInstanceOf(Read.Record.class);
    }
}
