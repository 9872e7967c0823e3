package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.readValues;
import static dev.sentinelforwarder.format.Reading.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class CloudWatchReaderTest {
    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123Z");

    @Test
    void splitsAtTheFirstCommaAndKeepsTheRestOfTheLine() throws IOException {
        assertThat(read("2026-11-22T10:15:30.123Z,a, b,c\n"))
                .containsExactly(new CloudWatchEvent(T, "a, b,c", null, null));
    }

    @Test
    void readsEpochMillisecondTimestamps() throws IOException {
        assertThat(read("1795342530123,hello\n")).containsExactly(new CloudWatchEvent(T, "hello", null, null));
    }

    @Test
    void honoursRfc4180QuotingAcrossLines() throws IOException {
        assertThat(read("2026-11-22T10:15:30.123Z,\"say \"\"hi\"\", then\r\nnew line\"\r\n1795342530123,next\n"))
                .containsExactly(
                        new CloudWatchEvent(T, "say \"hi\", then\r\nnew line", null, null),
                        new CloudWatchEvent(T, "next", null, null));
    }

    @Test
    void readsMessageOnlyLinesWhole() throws IOException {
        assertThat(read("plain message, with a comma\n42,not a timestamp\n\"quoted, alone\"\n"))
                .containsExactly(
                        new CloudWatchEvent(null, "plain message, with a comma", null, null),
                        new CloudWatchEvent(null, "42,not a timestamp", null, null),
                        new CloudWatchEvent(null, "quoted, alone", null, null));
    }

    @Test
    void readsNdjsonExportLinesAndTakesOtherJsonAsAMessage() throws IOException {
        assertThat(read("""
                {"timestamp":1795342530123,"message":"m1","logGroup":"/aws/lambda/x","logStream":"s1","owner":"1"}
                {"timestamp":"2026-11-22T10:15:30.123Z","message":"m2"}
                {"level":"info","msg":"app json"}
                """)).containsExactly(
                new CloudWatchEvent(T, "m1", "/aws/lambda/x", "s1"),
                new CloudWatchEvent(T, "m2", null, null),
                new CloudWatchEvent(null, "{\"level\":\"info\",\"msg\":\"app json\"}", null, null));
    }

    @Test
    void readsAQuotedMessageThatIsNotWellFormedAsItStandsToTheEndOfItsLine() throws IOException {
        var reads = readAll(Reading.cloudWatch(
                "2026-11-22T10:15:30.123Z,\"GET /index.html\" 200\n2026-11-22T10:15:30.123Z,ok\n1795342530123,\"never closed\n"));

        assertThat(reads).containsExactly(
                new Read.Record<>(0, 1, new CloudWatchEvent(T, "\"GET /index.html\" 200", null, null)),
                new Read.Record<>(1, 2, new CloudWatchEvent(T, "ok", null, null)),
                new Read.Record<>(2, 3, new CloudWatchEvent(T, "\"never closed", null, null)));
    }

    @Test
    void aStrayQuoteCostsNoOtherLine() throws IOException {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 100_001; i++) {
            file.append("2026-11-22T10:15:30.123Z,").append(i == 4 ? "\"stray quote " + i : "event " + i).append('\n');
        }

        var reads = readAll(Reading.cloudWatch(file.toString()));

        assertThat(reads).hasSize(100_001).allSatisfy(read -> assertThat(read).isInstanceOf(Read.Record.class));
        assertThat(Reading.values(reads)).extracting(CloudWatchEvent::message)
                .startsWith("event 0", "event 1", "event 2", "event 3", "\"stray quote 4", "event 5", "event 6").endsWith("event 100000");
        assertThat(reads).extracting(Read::line).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 100_001).boxed().toList());
    }

    @Test
    void afterAStrayQuoteAQuotedMessageMustCloseOnItsOwnLine() throws IOException {
        assertThat(read("1795342530123,\"stray\nx,\"one, line\"\n1795342530123,\"two\nlines\"\n"))
                .containsExactly(
                        new CloudWatchEvent(T, "\"stray", null, null),
                        new CloudWatchEvent(null, "x,\"one, line\"", null, null),
                        new CloudWatchEvent(T, "\"two", null, null),
                        new CloudWatchEvent(null, "lines\"", null, null));
    }

    @Test
    void aQuotedMessageLongerThanTheLimitIsReadAsItsFirstLineAndTheLinesAfterIt() throws IOException {
        String text = "1795342530123,\"" + "x".repeat(50) + "\n" + "y".repeat(50) + "\n1795342530123,after\n";

        var reads = readAll(new CloudWatchReader(utf8(text), 60, Json.mapper()));

        assertThat(reads).containsExactly(
                new Read.Record<>(0, 1, new CloudWatchEvent(T, "\"" + "x".repeat(50), null, null)),
                new Read.Record<>(1, 2, new CloudWatchEvent(null, "y".repeat(50), null, null)),
                new Read.Record<>(2, 3, new CloudWatchEvent(T, "after", null, null)));
    }

    @Test
    void countsLinesInsideQuotedMessages() throws IOException {
        var reads = readAll(new CloudWatchReader(utf8("1795342530123,\"a\nb\nc\"\n1795342530123,d\n"), Reading.MAX_LINE, Json.mapper()));

        assertThat(reads).extracting(Read::line).containsExactly(1L, 4L);
    }

    /** Any message the companion writes reads back equal: its output never takes the not-well-formed path. */
    @RepeatedTest(20)
    void anyMessageRoundTrips() throws IOException {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        List<String> messages = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String message = randomMessage(random);
            messages.add(message);
            java.io.StringWriter line = new java.io.StringWriter();
            dev.sentinelforwarder.cloudwatch.CsvLines.write(line, T, message);
            file.append(line);
        }

        List<CloudWatchEvent> events = read(file.toString());

        assertThat(events).as("seed %d", seed).extracting(CloudWatchEvent::message).containsExactlyElementsOf(messages);
        assertThat(events).extracting(CloudWatchEvent::timestamp).containsOnly(T);
    }

    private static String randomMessage(Random random) {
        String alphabet = "ab ,\"\"\"\r\n\t{}é😀\\x0";
        int length = random.nextInt(30);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return s.toString();
    }

    private static List<CloudWatchEvent> read(String text) throws IOException {
        return readValues(text, in -> new CloudWatchReader(in, Reading.MAX_LINE, Json.mapper()));
    }
}
