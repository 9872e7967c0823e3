package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON lines, one record object per line, as GuardDuty's export, WAF, Network Firewall, Route 53
 * Resolver query logging and Firehose write them. Each line is parsed on its own, so one broken line is
 * reported and the lines after it are still read. Blank lines are passed over.
 *
 * <p>A line that is only <code>{</code> starts a pretty-printed object (samples, hand-made exports): its
 * lines are joined until the object closes, within the same length limit as one line. A compact line is
 * never joined with the next, so a truncated record costs that record alone.
 */
public final class JsonLinesReader implements RecordReader<JsonFields> {
    private final Lines lines;
    private final ObjectMapper json;
    private final JsonFields.Reading reading;
    private long index;

    /**
     * @param maxLineLength longest line (or pretty-printed object) read, in characters; longer ones are reported unreadable
     * @param fields the fields of each record the mapper reads
     */
    public JsonLinesReader(InputStream in, int maxLineLength, JsonFields.Selection fields, ObjectMapper json) throws IOException {
        this.lines = new Lines(in, maxLineLength);
        this.json = json;
        this.reading = new JsonFields.Reading(fields);
    }

    @Override
    public Read<JsonFields> next() throws IOException {
        String line;
        while ((line = lines.next()) != null && line.isBlank()) {
            // blank lines separate nothing and carry nothing
        }
        if (line == null) {
            return null;
        }
        long at = lines.number();
        if (line != Lines.TOO_LONG && line.strip().equals("{")) {
            line = prettyObject(line);
        }
        if (line == Lines.TOO_LONG) {
            return new Read.Unreadable<>(index++, at, "line is longer than " + lines.maxLength() + " characters");
        }
        try (JsonParser parser = json.createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                JsonFields record = reading.object(parser, line);
                return new Read.Record<>(index++, at, record);
            }
            return new Read.Unreadable<>(index++, at, "line is a JSON " + kind(first) + ", not a record object");
        } catch (JsonProcessingException e) {
            return new Read.Unreadable<>(index++, at, "invalid JSON: " + Json.describe(e).replaceFirst("^line 1, ", ""));
        } catch (UnreadableInputException e) {
            return new Read.Unreadable<>(index++, at, "invalid JSON: " + e.getMessage());
        }
    }

    /** The lines of a pretty-printed object from its opening line through the one that closes it, or TOO_LONG. */
    private String prettyObject(String first) throws IOException {
        StringBuilder text = new StringBuilder(first);
        Depth depth = new Depth();
        depth.scan(first);
        String line;
        while (depth.open > 0 && (line = lines.next()) != null) {
            if (line == Lines.TOO_LONG || text.length() + 1 + line.length() > lines.maxLength()) {
                skipRestOf(depth, line);
                return Lines.TOO_LONG;
            }
            text.append('\n').append(line);
            depth.scan(line);
        }
        return text.toString();
    }

    private void skipRestOf(Depth depth, String line) throws IOException {
        if (line != Lines.TOO_LONG) {
            depth.scan(line);
        }
        while (depth.open > 0 && (line = lines.next()) != null) {
            if (line != Lines.TOO_LONG) {
                depth.scan(line);
            }
        }
    }

    /** Brackets open outside strings, across lines. */
    private static final class Depth {
        int open;
        boolean inString;
        boolean escaped;

        void scan(String line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    open++;
                } else if (c == '}' || c == ']') {
                    open--;
                }
            }
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "ARRAY";
            case VALUE_STRING -> "STRING";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
            default -> "NULL";
        };
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
