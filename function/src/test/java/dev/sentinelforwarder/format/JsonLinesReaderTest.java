package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static dev.sentinelforwarder.format.Reading.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder();
    private static final JsonFields.Field ID = SELECT.field("id");
    private static final JsonFields.Field RESOURCE = SELECT.field("resource");
    private static final JsonFields.Selection SELECTION = SELECT.maxValueChars(1_000).build();

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
        assertThat(reads.get(2)).isEqualTo(new Read.Unreadable<JsonFields>(2, 3, "line is a JSON ARRAY, not a record object", "[1,2]"));
        assertThat(reads.get(3)).isInstanceOf(Read.Record.class);
        assertThat(((Read.Unreadable<JsonFields>) reads.get(4)).reason()).startsWith("invalid JSON: column 11: Unexpected end-of-input");
    }

    @Test
    void aLineCutInsideAnObjectOrAnArrayOrNestedTooDeepCostsThatLineOnly() throws IOException {
        String valid = "{\"id\":\"f%d\",\"resource\":{\"a\":[1,{\"b\":2}]}}\n";
        String text = valid.formatted(0)
                + "{\"id\":\"cut-in-object\",\"resource\":{\"a\":{\"b\":\n"
                + valid.formatted(1)
                + "{\"id\":\"cut-in-array\",\"resource\":{\"a\":[1,2,{\"c\":[\n"
                + valid.formatted(2)
                + "{\"id\":\"deep\",\"resource\":" + "[".repeat(300) + "]".repeat(300) + "}\n"
                + valid.formatted(3);

        var reads = readAll(guardDuty(text));

        assertThat(reads).hasSize(7);
        assertThat(reads).extracting(r -> r instanceof Read.Record).containsExactly(true, false, true, false, true, false, true);
        assertThat(reads.stream().filter(r -> r instanceof Read.Record).map(r -> ((Read.Record<JsonFields>) r).value()))
                .extracting(f -> f.text(ID), f -> f.text(RESOURCE))
                .containsExactly(tuple("f0", "{\"a\":[1,{\"b\":2}]}"), tuple("f1", "{\"a\":[1,{\"b\":2}]}"),
                        tuple("f2", "{\"a\":[1,{\"b\":2}]}"), tuple("f3", "{\"a\":[1,{\"b\":2}]}"));
        assertThat(((Read.Unreadable<JsonFields>) reads.get(5)).reason()).contains("nesting depth");
    }

    @Test
    void aHugeNestedValueIsCutWhileItIsCopied() throws IOException {
        String huge = "{\"k\":\"" + "v".repeat(5_000) + "\"}";

        var reads = readAll(guardDuty("{\"id\":\"f1\",\"resource\":" + huge + "}\n"));

        assertThat(values(reads).getFirst().text(RESOURCE)).hasSize(1_000).isEqualTo(huge.substring(0, 1_000));
    }

    @Test
    void keepsAtMostThirtyTwoUnselectedNamesPerRecord() throws IOException {
        StringBuilder line = new StringBuilder("{\"id\":\"f1\"");
        for (int i = 0; i < 1_000; i++) {
            line.append(",\"field").append(i).append("\":").append(i);
        }
        var reads = readAll(guardDuty(line.append("}\n").toString()));

        JsonFields finding = values(reads).getFirst();
        assertThat(finding.otherFields()).hasSize(JsonFields.MAX_OTHER_FIELDS).startsWith("field0", "field1");
        assertThat(finding.moreOtherFields()).isTrue();
    }

    @Test
    void readsAPrettyPrintedObjectAsOneRecordAndATruncatedCompactLineCostsOnlyItself() throws IOException {
        var reads = readAll(guardDuty("{\n  \"id\": \"p1\",\n  \"resource\": {\"s\": \"}{\\\"\"}\n}\n{\"id\":\"cut\n{\"id\":\"f2\"}\n"));

        assertThat(reads).hasSize(3);
        assertThat(reads.get(0)).isInstanceOf(Read.Record.class);
        assertThat(((JsonFields) ((Read.Record<?>) reads.get(0)).value()).text(ID)).isEqualTo("p1");
        assertThat(reads.get(0).line()).isEqualTo(1);
        assertThat(reads.get(1)).isInstanceOf(Read.Unreadable.class);
        assertThat(reads.get(1).line()).isEqualTo(5);
        assertThat(((JsonFields) ((Read.Record<?>) reads.get(2)).value()).text(ID)).isEqualTo("f2");
        assertThat(reads).extracting(Read::index).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aPrettyPrintedObjectThatNeverClosesIsCutAtTheLineLimit() throws IOException {
        StringBuilder text = new StringBuilder("{\n");
        for (int i = 0; i < 200; i++) {
            text.append("  \"k").append(i).append("\": \"").append("x".repeat(50)).append("\",\n");
        }
        var reads = readAll(new JsonLinesReader(utf8(text.toString()), 1_000, SELECTION, Json.mapper()));

        assertThat(reads).singleElement().isEqualTo(new Read.Unreadable<JsonFields>(0, 1, "line is longer than 1000 characters"));
    }

    /** An outsider's case: a record opened with a lone brace and never closed, then many valid ones. */
    @Test
    void aRecordThatNeverClosesCostsItselfAndEveryRecordAfterItIsRead() throws IOException {
        int valid = 10_000;
        StringBuilder text = new StringBuilder("{\n  \"id\": \"cut\",\n  \"resource\": {\n");
        for (int i = 0; i < valid; i++) {
            text.append("{\"id\":\"f").append(i).append("\"}\n");
        }

        var reads = readAll(guardDuty(text.toString()));

        assertThat(reads).hasSize(valid + 1);
        assertThat(reads.getFirst()).isEqualTo(new Read.Unreadable<JsonFields>(0, 1,
                "a record that starts on line 1 never closes before line 4, where the next record starts"));
        assertThat(records(reads)).hasSize(valid).extracting(f -> f.text(ID)).startsWith("f0", "f1").endsWith("f" + (valid - 1));
        assertThat(reads.get(1).line()).isEqualTo(4);
        assertThat(reads).extracting(Read::index).doesNotHaveDuplicates();
    }

    @Test
    void aPrettyPrintedRecordCutShortByTheNextPrettyPrintedOneCostsItselfAlone() throws IOException {
        var reads = readAll(guardDuty("{\n  \"id\": \"cut\",\n{\n  \"id\": \"p2\"\n}\n{\"id\":\"f3\"}\n"));

        assertThat(reads).hasSize(3);
        assertThat(reads.getFirst()).isInstanceOf(Read.Unreadable.class);
        assertThat(records(reads)).extracting(f -> f.text(ID)).containsExactly("p2", "f3");
        assertThat(reads).extracting(Read::line).containsExactly(1L, 3L, 6L);
    }

    /** Firehose without AppendDelimiterToRecord writes records back to back: every one is a record. */
    @Test
    void recordsBackToBackOnOneLineAreEachARecord() throws IOException {
        int k = 1_000;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < k; i++) {
            line.append("{\"id\":\"f").append(i).append("\",\"resource\":{\"n\":").append(i).append("}}");
        }

        var reads = readAll(guardDuty(line + "\n{\"id\":\"next\"} {\"id\":\"spaced\"}\n"));

        assertThat(records(reads)).hasSize(k + 2).extracting(f -> f.text(ID)).startsWith("f0", "f1").endsWith("next", "spaced");
        assertThat(records(reads).get(7).source()).isEqualTo("{\"id\":\"f7\",\"resource\":{\"n\":7}}");
        assertThat(records(reads).get(7).text(RESOURCE)).isEqualTo("{\"n\":7}");
        assertThat(reads).extracting(Read::index).containsExactlyElementsOf(java.util.stream.LongStream.range(0, k + 2).boxed().toList());
    }

    @Test
    void textAfterTheRecordsOfALineIsUnreadableNotDropped() throws IOException {
        var reads = readAll(guardDuty("{\"id\":\"f1\"}{\"id\":\"f2\"} trailing words\n{\"id\":\"f3\"}[1]\n{\"id\":\"f4\"}{\"id\":\n"));

        assertThat(reads).hasSize(7);
        assertThat(reads).extracting(r -> r instanceof Read.Record).containsExactly(true, true, false, true, false, true, false);
        Read.Unreadable<JsonFields> words = (Read.Unreadable<JsonFields>) reads.get(2);
        assertThat(words.reason()).startsWith("invalid JSON after the record(s) on this line: column 24: Unrecognized token 'trailing'");
        assertThat(words.content()).isEqualTo("trailing words");
        assertThat(reads.get(4)).isEqualTo(new Read.Unreadable<JsonFields>(4, 2,
                "text after the record(s) on this line is a JSON ARRAY, not a record object", "[1]"));
        assertThat(((Read.Unreadable<JsonFields>) reads.get(6)).content()).isEqualTo("{\"id\":");
    }

    /** Values copied into dynamic and JSON-text columns keep every number as written (Jackson's copy went through double). */
    @Test
    void nestedNumbersKeepTheirExactText() throws IOException {
        String resource = "{\"big\":1e400,\"tiny\":1e-400,\"exact\":0.1000000000000000000000000000000001,\"int\":123456789012345678901234567890,"
                + "\"neg\":-0.0,\"list\":[2.50,1E+2]}";

        var reads = readAll(guardDuty("{\"id\":\"f1\",\"resource\":" + resource + "}\n"));

        assertThat(values(reads).getFirst().text(RESOURCE)).isEqualTo(resource);
    }

    private static List<JsonFields> records(List<Read<JsonFields>> reads) {
        return reads.stream().filter(r -> r instanceof Read.Record).map(r -> ((Read.Record<JsonFields>) r).value()).toList();
    }

    private static JsonLinesReader guardDuty(String text) throws IOException {
        return new JsonLinesReader(utf8(text), Reading.MAX_LINE, SELECTION, Json.mapper());
    }
}
