package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinelforwarder.source.UnreadableInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON lines, one record object per line, as GuardDuty's export, WAF, Network Firewall, Route 53
 * Resolver query logging and Firehose write them. Each line is parsed on its own, so one broken line is
 * reported and the lines after it are still read. Blank lines are passed over.
 *
 * <p>Records written back to back on one line ({@code {...}{...}}, Firehose without a delimiter) are each a
 * record; text after them on the line that is not a record is reported unreadable, never dropped.
 *
 * <p>A line that is only <code>{</code> starts a pretty-printed object (samples, hand-made exports): its
 * lines are joined until the object closes, within the same length limit as one line. A line that starts
 * with {@code {} at its first character while an object is being joined is the next record (a pretty-printed
 * object's own lines are indented, its last is <code>}</code>): the object being joined was cut short, and costs
 * itself alone. A compact line is never joined with the next.
 */
public final class JsonLinesReader implements RecordReader<JsonFields> {
    private final Lines lines;
    private final ObjectMapper json;
    private final JsonFields.Reading reading;
    private long index;
    /** A line read ahead that starts the next record, and its number; null when there is none. */
    private String pushedBack;
    private long pushedBackNumber;
    /** The line whose records are being read, when it may hold more after the last one returned. */
    private JsonParser lineParser;
    private String lineText;
    private long lineNumber;

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
        if (lineParser != null) {
            Read<JsonFields> more = nextOnLine();
            if (more != null) {
                return more;
            }
        }
        String line;
        while ((line = nextLine()) != null && line.isBlank()) {
            // blank lines separate nothing and carry nothing
        }
        if (line == null) {
            return null;
        }
        long at = lines.number(); // a pushed-back line is the last one read, so its number is still the current one
        if (line != Lines.TOO_LONG && line.strip().equals("{")) {
            PrettyObject joined = prettyObject(line);
            if (joined.cutShort) {
                return new Read.Unreadable<>(index++, at, "a record that starts on line " + at + " never closes before line "
                        + pushedBackNumber + ", where the next record starts");
            }
            line = joined.text;
        }
        if (line == Lines.TOO_LONG) {
            return new Read.Unreadable<>(index++, at, "line is longer than " + lines.maxLength() + " characters");
        }
        lineText = line;
        lineNumber = at;
        lineParser = json.createParser(line);
        Read<JsonFields> first = nextOnLine();
        return first != null ? first : new Read.Unreadable<>(index++, at, "line holds no JSON value");
    }

    /** The next record of the current line, the reason the rest of the line is not one, or null when the line is done. */
    private Read<JsonFields> nextOnLine() throws IOException {
        JsonParser parser = lineParser;
        boolean firstOfLine = parser.currentToken() == null;
        int from = (int) Math.min(lineText.length(), parser.currentLocation().getCharOffset());
        String text = lineText;
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                closeLine();
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                closeLine();
                return new Read.Unreadable<>(index++, lineNumber, firstOfLine ? "line is a JSON " + kind(token) + ", not a record object"
                        : "text after the record(s) on this line is a JSON " + kind(token) + ", not a record object", text.substring(from).strip());
            }
            int start = (int) parser.currentTokenLocation().getCharOffset();
            JsonFields record = reading.object(parser, lineText);
            int end = (int) parser.currentLocation().getCharOffset();
            record.source(start == 0 && end >= lineText.length() ? lineText : lineText.substring(start, Math.min(end, lineText.length())));
            return new Read.Record<>(index++, lineNumber, record);
        } catch (JsonProcessingException e) {
            closeLine();
            return new Read.Unreadable<>(index++, lineNumber, (firstOfLine ? "invalid JSON: " : "invalid JSON after the record(s) on this line: ")
                    + Json.describe(e).replaceFirst("^line 1, ", ""), text.substring(from).strip());
        } catch (UnreadableInputException e) {
            closeLine();
            return new Read.Unreadable<>(index++, lineNumber, "invalid JSON: " + e.getMessage(), text.substring(from).strip());
        }
    }

    private void closeLine() throws IOException {
        lineParser.close();
        lineParser = null;
        lineText = null;
    }

    private String nextLine() throws IOException {
        if (pushedBack != null) {
            String line = pushedBack;
            pushedBack = null;
            return line;
        }
        return lines.next();
    }


    /** A pretty-printed object's text (or TOO_LONG), or that it was cut short by the next record. */
    private record PrettyObject(String text, boolean cutShort) {
    }

    /** The lines of a pretty-printed object from its opening line through the one that closes it. */
    private PrettyObject prettyObject(String first) throws IOException {
        StringBuilder text = new StringBuilder(first);
        Depth depth = new Depth();
        depth.scan(first);
        boolean tooLong = false;
        String line;
        while (depth.open > 0 && (line = lines.next()) != null) {
            if (line != Lines.TOO_LONG && line.startsWith("{")) {
                pushedBack = line;
                pushedBackNumber = lines.number();
                return new PrettyObject(null, true);
            }
            if (line == Lines.TOO_LONG || text.length() + 1 + line.length() > lines.maxLength()) {
                tooLong = true; // read on to where it closes (or the next record starts), keeping nothing
                text.setLength(0);
            }
            if (line != Lines.TOO_LONG) {
                depth.scan(line);
                if (!tooLong) {
                    text.append('\n').append(line);
                }
            }
        }
        return new PrettyObject(tooLong ? Lines.TOO_LONG : text.toString(), false);
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
        if (lineParser != null) {
            lineParser.close();
        }
        lines.close();
    }
}
