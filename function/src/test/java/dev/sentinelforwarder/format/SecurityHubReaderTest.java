package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityHubReaderTest {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder();
    private static final JsonFields.Field ID = SELECT.field("Id");
    private static final JsonFields.Selection SELECTION = SELECT.build();

    @Test
    void everyFindingOfEveryEventIsARecordNumberedAcrossTheObject() throws IOException {
        var reads = read("{\"time\":\"2026-11-22T10:00:00Z\",\"detail\":{\"findings\":[{\"Id\":\"a\"},{\"Id\":\"b\"}]}}\n"
                + "not json\n"
                + "{\"time\":\"2026-11-22T10:05:00Z\",\"detail\":{\"findings\":[{\"Id\":\"c\"}]}}\n");

        assertThat(reads).extracting(Read::index, Read::line).containsExactly(tuple(0L, 1L), tuple(1L, 1L), tuple(2L, 2L), tuple(3L, 3L));
        assertThat(reads.get(2)).isInstanceOf(Read.Unreadable.class);
        List<SecurityHubFinding> findings = reads.stream().filter(r -> r instanceof Read.Record).map(r -> ((Read.Record<SecurityHubFinding>) r)
                .value()).toList();
        assertThat(findings).extracting(f -> f.fields().text(ID), SecurityHubFinding::eventTime, SecurityHubFinding::json).containsExactly(
                tuple("a", "2026-11-22T10:00:00Z", "{\"Id\":\"a\"}"), tuple("b", "2026-11-22T10:00:00Z", "{\"Id\":\"b\"}"),
                tuple("c", "2026-11-22T10:05:00Z", "{\"Id\":\"c\"}"));
    }

    @Test
    void aBarePrettyPrintedFindingIsOneRecordMadeCompact() throws IOException {
        var reads = read("{\n  \"SchemaVersion\": \"2018-10-08\",\n  \"Id\": \"bare\"\n}\n");

        SecurityHubFinding finding = ((Read.Record<SecurityHubFinding>) reads.getFirst()).value();
        assertThat(finding.eventTime()).isNull();
        assertThat(finding.json()).isEqualTo("{\"SchemaVersion\":\"2018-10-08\",\"Id\":\"bare\"}");
    }

    @Test
    void anEventWithoutFindingsOrNotFromSecurityHubIsSaid() throws IOException {
        var reads = read("{\"detail\":{\"findings\":[]}}\n{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}\n"
                + "{\"detail\":{\"findings\":{\"Id\":\"x\"}}}\n");

        assertThat(reads).extracting(r -> ((Read.Unreadable<SecurityHubFinding>) r).reason()).containsExactly("an event with no findings",
                "not a Security Hub event: no detail.findings (detail-type EC2 Instance State-change Notification)",
                "detail.findings is not a list");
    }

    private static List<Read<SecurityHubFinding>> read(String text) throws IOException {
        return readAll(new SecurityHubReader(utf8(text), Reading.MAX_LINE, SELECTION, Json.mapper()));
    }
}
