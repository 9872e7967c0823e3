package dev.sentinelforwarder.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Nested values cut from the text a record was parsed from are exactly what writing them again gives (the path a
 * reader without the text at hand, CloudTrail's stream, takes), whatever the text holds.
 */
class JsonFieldsTest {
    private static final JsonFields.Selection SELECTION = selection(Integer.MAX_VALUE);

    private static JsonFields.Selection selection(int maxValueChars) {
        JsonFields.Selection.Builder builder = JsonFields.Selection.builder().maxValueChars(maxValueChars);
        builder.field("v");
        builder.field("w.x");
        return builder.build();
    }

    @Test
    void aNestedValueCutFromTheTextIsWhatWritingItAgainGives() throws Exception {
        String[] values = {"{}", "[]", "{\"a\":1}", "[1,2.50,-0,1e400,0.1000000000000000000000000000000001,true,false,null]",
            "{\"a\":{\"b\":[{\"c\":\"d\"}],\"e\":\"\"}}", "{\"é\":\"ü😀\u2028\"}", "{\"a b\":\" spaced { [ inside \"}",
            "{ \"a\" : 1 }", "[1, 2]", "{\"a\":\n1}", "{\"q\":\"say \\\"hi\\\"\"}", "{\"s\":\"a\\/b\"}", "{\"u\":\"\\u0041\\u00e9\"}",
            "{\"n\":\"line\\nnext\\ttab\\u0001\"}", "{\"k\\\"ey\":1}", "[\"]\",\"}\",\"{\",\"[\"]", "[[[[]]]]",
            "[\"\\b\\f\\r\\\\\"]", "[\"\\u001F\\u001f\\u0000\\u007F\\u007f\\u000A\\u000a\\u0008\\u0020\\u2028\\uD83D\\uDE00\"]",
            "[\"\\u001F\"]", "[\"\\u0000\"]", "[\"\\u001f\"]", "[\"\\u000A\"]", "[\"\\u0041\"]", "[\"\\u00e9\"]",
            "{\"additionalInfo\":{\"value\":\"{\\\"threatListName\\\":\\\"ProofPoint\\\"}\",\"type\":\"default\"}}",
            "[\"\\\\\\\"\"]"};
        for (String value : values) {
            for (String record : List.of("{\"v\":" + value + ",\"w\":{\"x\":" + value + "}}", "{\"other\":1,\"v\":" + value + "}")) {
                assertSameBothWays(record, SELECTION);
            }
        }
    }

    /** Which values are cut from the text: the rest are written again (the test above holds both give the same). */
    @Test
    void onlyTextAsJacksonWritesItIsCut() {
        for (String compact : List.of("{\"a\":[1,\"\\u001F\\n\\\"\"],\"b\":{}}", "[\"é😀 } ] { [\"]", "{\"v\":\"{\\\"x\\\":1}\"}")) {
            assertThat(JsonFields.compactEnd(compact + ",\"next\":1}", 0)).as(compact).isEqualTo(compact.length());
        }
        for (String other : List.of("{ \"a\":1}", "[1,\n2]", "{\"s\":\"a\\/b\"}", "[\"\\u0041\"]", "[\"\\u001f\"]", "[\"\\u000A\"]", "[\"open")) {
            assertThat(JsonFields.compactEnd(other, 0)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void aValueLongerThanTheSelectionKeepsIsCutTheSameBothWays() throws Exception {
        assertSameBothWays("{\"v\":{\"abcdefghij\":\"klmnopqrstuvwxyz\"}}", selection(10));
        assertSameBothWays("{\"v\":{\"a\": \"b c d e f g h i j k\"}}", selection(10));
        assertThat(read("{\"v\":{\"abcdefghij\":1}}", selection(10), true).text(field(selection(10), 0))).isEqualTo("{\"abcdefgh");
    }

    @Test
    void brokenNestedValuesFailTheSameWayWithOrWithoutTheText() {
        for (String record : List.of("{\"v\":{\"a\":1,}}", "{\"v\":[1 2]}", "{\"v\":{\"a\":1]}", "{\"v\":{\"a\":", "{\"v\":[\"open",
                "{\"v\":{\"a\":01}}", "{\"v\":[\"\\u12\"]}", "{\"v\":[\"raw\ttab\"]}", "{\"v\":[\"\\x\"]}")) {
            assertThatThrownBy(() -> read(record, SELECTION, true)).as(record).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(record, SELECTION, false)).as(record).isInstanceOf(IOException.class);
        }
    }

    /** Every JSON line of the shipped samples (GuardDuty, WAF, Network Firewall, Route 53, Security Hub), every top-level field. */
    @Test
    void everySampleLineReadsTheSameBothWays() throws Exception {
        int lines = 0;
        try (Stream<Path> files = Files.walk(Path.of("..", "samples", "objects"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*(GuardDuty|WAFLogs|network-firewall|vpcdnsquerylogs|SecurityHub).*")).toList()) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("{")) {
                            assertSameBothWays(line, everyTopLevelField(line));
                            lines++;
                        }
                    }
                }
            }
        }
        assertThat(lines).isGreaterThanOrEqualTo(10);
    }

    private static JsonFields.Selection everyTopLevelField(String line) throws IOException {
        JsonFields.Selection.Builder builder = JsonFields.Selection.builder();
        Json.mapper().readTree(line).fieldNames().forEachRemaining(builder::field);
        return builder.build();
    }

    private static void assertSameBothWays(String record, JsonFields.Selection selection) throws IOException {
        JsonFields cut = read(record, selection, true);
        JsonFields written = read(record, selection, false);
        for (int i = 0; i < selection.size(); i++) {
            JsonFields.Field field = field(selection, i);
            assertThat(cut.text(field)).as(record + " field " + i).isEqualTo(written.text(field));
            assertThat(cut.token(field)).isEqualTo(written.token(field));
        }
    }

    private static JsonFields.Field field(JsonFields.Selection selection, int index) {
        return new JsonFields.Field("", index);
    }

    private static JsonFields read(String record, JsonFields.Selection selection, boolean withText) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(record)) {
            parser.nextToken();
            JsonFields.Reading reading = new JsonFields.Reading(selection);
            return withText ? reading.object(parser, record) : reading.object(parser);
        }
    }
}
