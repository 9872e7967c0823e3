package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static dev.sentinelforwarder.format.Reading.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudTrailReaderTest {
    private static final String A = "{\"eventID\":\"a\",\"eventTime\":\"2026-11-22T09:00:00Z\"}";
    private static final String B = "{\"eventID\":\"b\",\"eventTime\":\"2026-11-22T09:00:01Z\"}";

    @Test
    void readsTheRecordsOfADeliveredObjectInOrder() throws IOException {
        var reads = readAll(new CloudTrailReader(utf8("{\"Records\":[\n" + A + ",\n" + B + "\n]}")));

        assertThat(values(reads)).extracting(r -> r.get("eventID").asText()).containsExactly("a", "b");
        assertThat(reads).extracting(Read::index).containsExactly(0L, 1L);
        assertThat(reads).extracting(Read::line).containsExactly(2L, 3L);
    }

    @Test
    void readsABareArrayJsonLinesAndConcatenatedDocuments() throws IOException {
        assertThat(ids("[" + A + "," + B + "]")).containsExactly("a", "b");
        assertThat(ids(A + "\n" + B + "\n")).containsExactly("a", "b");
        assertThat(ids("{\"Records\":[" + A + "]}{\"Records\":[" + B + "]}")).containsExactly("a", "b");
        assertThat(ids("{\"Records\":[]}")).isEmpty();
    }

    @Test
    void countsADigestDocumentInsteadOfReadingItAsARecord() throws IOException {
        var reader = new CloudTrailReader(utf8(
                "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2026-11-22T09:00:00Z\",\"logFiles\":[]}"));
        var reads = readAll(reader);

        assertThat(reads).isEmpty();
        assertThat(reader.digestsSkipped()).isEqualTo(1);
    }

    @Test
    void reportsARecordThatIsNotAnObjectAndReadsOn() throws IOException {
        var reads = readAll(new CloudTrailReader(utf8("{\"Records\":[" + A + ", 42, " + B + "]}")));

        assertThat(reads.get(1)).isEqualTo(new Read.Unreadable<ObjectNode>(1, 1, "record is VALUE_NUMBER_INT, not a JSON object"));
        assertThat(reads.get(2)).isInstanceOf(Read.Record.class);
    }

    @Test
    void stopsAtBrokenJsonNamingTheLineAndColumn() throws IOException {
        var reader = new CloudTrailReader(utf8("{\"Records\":[\n" + A + ",\n{\"eventID\": \"c\n\"}]}"));

        assertThat(reader.next()).isInstanceOf(Read.Record.class);
        assertThatThrownBy(reader::next)
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("invalid JSON at line 3, column 15: Illegal unquoted character");
    }

    @Test
    void stopsAtATruncatedDocument() throws IOException {
        var reader = new CloudTrailReader(utf8("{\"Records\":[" + A + ","));

        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(UnreadableInputException.class).hasMessageContaining("end-of-input");
    }

    /** Round trip: what the reader returns equals the records as a plain JSON parse sees them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stratusRedTeamSamples")
    void losesNoFieldOfARealRecord(String sample) throws IOException {
        JsonNode expected;
        try (InputStream in = resource("/third-party/stratus-red-team/" + sample)) {
            expected = Json.mapper().readTree(in);
        }
        List<ObjectNode> read;
        try (InputStream in = resource("/third-party/stratus-red-team/" + sample)) {
            read = values(readAll(new CloudTrailReader(in)));
        }

        assertThat(read).hasSize(expected.size()).isNotEmpty();
        List<JsonNode> expectedRecords = new ArrayList<>();
        expected.forEach(expectedRecords::add);
        assertThat(read).containsExactlyElementsOf(expectedRecords.stream().map(ObjectNode.class::cast).toList());
    }

    @Test
    void readsARealDeliveredObject() throws IOException {
        try (InputStream in = new GZIPInputStream(resource("/third-party/loki/cloudtrail-log-file.json.gz"))) {
            var records = values(readAll(new CloudTrailReader(in)));

            assertThat(records).extracting(r -> r.get("eventName").asText()).containsExactly("AssumeRole", "BatchGetImage");
        }
    }

    static Stream<String> stratusRedTeamSamples() throws IOException {
        try (var names = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/third-party/stratus-red-team"))) {
            return names.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static InputStream resource(String path) {
        return CloudTrailReaderTest.class.getResourceAsStream(path);
    }

    private static List<String> ids(String text) throws IOException {
        return values(readAll(new CloudTrailReader(utf8(text)))).stream().map(r -> r.get("eventID").asText()).toList();
    }
}
