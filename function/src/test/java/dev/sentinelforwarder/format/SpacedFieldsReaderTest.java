package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SpacedFieldsReaderTest {
    @Test
    void quotedFieldsKeepTheirSpacesAndEscapedQuotes() {
        assertThat(SpacedFieldsReader.split("a \"GET /x HTTP/1.1\" \"say \\\"hi\\\", ok\" \"back\\\\slash\" - \"-\""))
                .containsExactly("a", "GET /x HTTP/1.1", "say \"hi\", ok", "back\\slash", "-", "-");
    }

    @Test
    void bracketedTimeIsOneFieldButABracketedIpv6AddressIsNot() {
        assertThat(SpacedFieldsReader.split("o b [06/Feb/2019:00:00:38 +0000] [2001:db8::1]:80 [fe80::1]"))
                .containsExactly("o", "b", "06/Feb/2019:00:00:38 +0000", "[2001:db8::1]:80", "fe80::1");
    }

    @Test
    void aListOfQuotedItemsIsKeptAsWritten() {
        assertThat(SpacedFieldsReader.split("h2 h2 \"h2\",\"http/1.1\" 2020-04-01T08:51:20"))
                .containsExactly("h2", "h2", "\"h2\",\"http/1.1\"", "2020-04-01T08:51:20");
    }

    @Test
    void anUnclosedQuoteCostsItsLineOnlyAndBlankLinesArePassedOver() throws IOException {
        var reads = readAll(new SpacedFieldsReader(utf8("a b\n\"never closed c\n\n   \nd e\n"), 100));

        assertThat(reads).hasSize(3);
        assertThat(reads.get(1)).isEqualTo(new Read.Unreadable<String[]>(1, 2, "a field opened with '\"' at column 1 is not closed"));
        assertThat(((Read.Record<String[]>) reads.get(2)).value()).containsExactly("d", "e");
        assertThat(reads.get(2).line()).isEqualTo(5);
    }

    @Test
    void aLineOverTheLimitIsUnreadableAndTheNextIsRead() throws IOException {
        var reads = readAll(new SpacedFieldsReader(utf8("x".repeat(200) + "\nok line\n"), 100));

        assertThat(reads.getFirst()).isEqualTo(new Read.Unreadable<String[]>(0, 1, "line is longer than 100 characters"));
        assertThat(((Read.Record<String[]>) reads.get(1)).value()).containsExactly("ok", "line");
    }

    @Test
    void aLineOfMoreFieldsThanAnAccessLogHasIsUnreadableAndTheNextIsRead() throws IOException {
        String fields = "- ".repeat(SpacedFieldsReader.MAX_FIELDS);
        var reads = readAll(new SpacedFieldsReader(utf8(fields + "\n" + fields + "x\n" + "y ".repeat(300_000) + "\nok line\n"), 1 << 20));

        assertThat(((Read.Record<String[]>) reads.getFirst()).value()).hasSize(SpacedFieldsReader.MAX_FIELDS);
        assertThat(reads.subList(1, 3)).containsExactly(
                new Read.Unreadable<>(1, 2, "more than 256 fields, far more than an access log record has"),
                new Read.Unreadable<>(2, 3, "more than 256 fields, far more than an access log record has"));
        assertThat(((Read.Record<String[]>) reads.get(3)).value()).containsExactly("ok", "line");
    }
}
