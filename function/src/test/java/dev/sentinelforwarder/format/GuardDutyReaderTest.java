package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static dev.sentinelforwarder.format.Reading.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardDutyReaderTest {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder();
    private static final JsonFields.Field ID = SELECT.field("id");
    private static final JsonFields.Selection SELECTION = SELECT.build();

    @Test
    void readsOneFindingPerLineAndPassesOverBlankLines() throws IOException {
        var reads = readAll(guardDuty("{\"id\":\"f1\"}\n\n   \n{\"id\":\"f2\",\"x\":1}\r\n"));

        assertThat(reads).extracting(Read::index, Read::line).containsExactly(tuple(0L, 1L), tuple(1L, 4L));
        assertThat(values(reads)).extracting(f -> f.text(ID), JsonFields::otherFields, JsonFields::source).containsExactly(
                tuple("f1", List.of(), "{\"id\":\"f1\"}"), tuple("f2", List.of("x"), "{\"id\":\"f2\",\"x\":1}"));
    }

    @Test
    void reportsABrokenLineWithItsNumberAndReadsTheNextOnes() throws IOException {
        var reads = readAll(guardDuty("{\"id\":\"f1\"}\n{\"id\": f2}\n[1,2]\n{\"id\":\"f3\"}\n{\"id\":\"f4\"\n"));

        assertThat(reads).hasSize(5);
        assertThat(reads.get(1)).isInstanceOf(Read.Unreadable.class);
        assertThat(((Read.Unreadable<JsonFields>) reads.get(1)).reason())
                .startsWith("invalid JSON: column 8: Unrecognized token 'f2'");
        assertThat(reads.get(1).line()).isEqualTo(2);
        assertThat(reads.get(2)).isEqualTo(new Read.Unreadable<JsonFields>(2, 3, "line is a JSON ARRAY, not a finding object"));
        assertThat(reads.get(3)).isInstanceOf(Read.Record.class);
        assertThat(((Read.Unreadable<JsonFields>) reads.get(4)).reason()).startsWith("invalid JSON: column 11: Unexpected end-of-input");
    }

    private static GuardDutyReader guardDuty(String text) throws IOException {
        return new GuardDutyReader(utf8(text), Reading.MAX_LINE, SELECTION);
    }
}
