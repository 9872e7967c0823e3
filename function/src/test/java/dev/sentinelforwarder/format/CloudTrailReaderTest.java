package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static dev.sentinelforwarder.format.Reading.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.source.UnreadableInputException;
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
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder();
    private static final JsonFields.Field EVENT_ID = SELECT.field("eventID");
    private static final JsonFields.Field EVENT_NAME = SELECT.field("eventName");
    /** Scalars, nested scalars, objects and arrays: enough to check each way a field is read. */
    private static final List<JsonFields.Field> PROBES = List.of(EVENT_ID, EVENT_NAME, SELECT.field("eventTime"),
            SELECT.field("readOnly"), SELECT.field("userIdentity.arn"),
            SELECT.field("userIdentity.sessionContext.attributes.mfaAuthenticated"), SELECT.field("requestParameters"),
            SELECT.field("responseElements"), SELECT.field("resources"), SELECT.field("tlsDetails.tlsVersion"));
    private static final JsonFields.Selection SELECTION = SELECT.build();
    private static final String A = "{\"eventID\":\"a\",\"eventTime\":\"2026-11-22T09:00:00Z\"}";
    private static final String B = "{\"eventID\":\"b\",\"eventTime\":\"2026-11-22T09:00:01Z\"}";

    @Test
    void readsTheRecordsOfADeliveredObjectInOrder() throws IOException {
        var reads = readAll(cloudTrail("{\"Records\":[\n" + A + ",\n" + B + "\n]}"));

        assertThat(values(reads)).extracting(r -> r.text(EVENT_ID)).containsExactly("a", "b");
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
        var reader = cloudTrail(
                "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2026-11-22T09:00:00Z\",\"logFiles\":[]}");
        var reads = readAll(reader);

        assertThat(reads).isEmpty();
        assertThat(reader.digestsSkipped()).isEqualTo(1);
    }

    @Test
    void reportsARecordThatIsNotAnObjectAndReadsOn() throws IOException {
        var reads = readAll(cloudTrail("{\"Records\":[" + A + ", 42, " + B + "]}"));

        assertThat(reads.get(1)).isEqualTo(new Read.Unreadable<JsonFields>(1, 1, "record is VALUE_NUMBER_INT, not a JSON object"));
        assertThat(reads.get(2)).isInstanceOf(Read.Record.class);
    }

    @Test
    void stopsAtBrokenJsonNamingTheLineAndColumn() throws IOException {
        var reader = cloudTrail("{\"Records\":[\n" + A + ",\n{\"eventID\": \"c\n\"}]}");

        assertThat(reader.next()).isInstanceOf(Read.Record.class);
        assertThatThrownBy(reader::next)
                .isInstanceOf(UnreadableInputException.class)
                .hasMessageStartingWith("invalid JSON at line 3, column 15: Illegal unquoted character");
    }

    @Test
    void stopsAtATruncatedDocument() throws IOException {
        var reader = cloudTrail("{\"Records\":[" + A + ",");

        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(UnreadableInputException.class).hasMessageContaining("end-of-input");
    }

    /** What the reader returns for each selected field equals the records as a plain JSON parse sees them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stratusRedTeamSamples")
    void losesNoFieldOfARealRecord(String sample) throws IOException {
        JsonNode expected;
        try (InputStream in = resource("/third-party/stratus-red-team/" + sample)) {
            expected = Json.mapper().readTree(in);
        }
        List<JsonFields> read;
        try (InputStream in = resource("/third-party/stratus-red-team/" + sample)) {
            read = values(readAll(new CloudTrailReader(in, SELECTION, Json.mapper())));
        }

        assertThat(read).hasSize(expected.size()).isNotEmpty();
        for (int i = 0; i < read.size(); i++) {
            JsonNode record = expected.get(i);
            for (JsonFields.Field field : PROBES) {
                JsonNode value = record.at("/" + field.path().replace('.', '/'));
                String text = value.isMissingNode() || value.isNull() ? null : value.isContainerNode() ? value.toString() : value.asText();
                assertThat(read.get(i).text(field)).as(sample + " record " + i + " " + field.path()).isEqualTo(text);
            }
            List<String> others = new ArrayList<>();
            record.fieldNames().forEachRemaining(others::add);
            others.removeAll(List.of("eventID", "eventName", "eventTime", "readOnly", "userIdentity", "requestParameters",
                    "responseElements", "resources", "tlsDetails"));
            assertThat(read.get(i).otherFields()).isEqualTo(others);
        }
    }

    @Test
    void readsARealDeliveredObject() throws IOException {
        try (InputStream in = new GZIPInputStream(resource("/third-party/loki/cloudtrail-log-file.json.gz"))) {
            var records = values(readAll(new CloudTrailReader(in, SELECTION, Json.mapper())));

            assertThat(records).extracting(r -> r.text(EVENT_NAME)).containsExactly("AssumeRole", "BatchGetImage");
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
        return values(readAll(cloudTrail(text))).stream().map(r -> r.text(EVENT_ID)).toList();
    }

    private static CloudTrailReader cloudTrail(String text) throws IOException {
        return new CloudTrailReader(utf8(text), SELECTION, Json.mapper());
    }
}
