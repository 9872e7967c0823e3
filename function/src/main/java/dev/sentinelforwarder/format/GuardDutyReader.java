package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads GuardDuty's S3 export: JSON lines, one finding per line. Each line is parsed on its own, so one
 * broken line is reported and the lines after it are still read. Blank lines are passed over.
 */
public final class GuardDutyReader implements RecordReader<JsonFields> {
    private final Lines lines;
    private final ObjectMapper json;
    private final JsonFields.Reading reading;
    private long index;

    /**
     * @param maxLineLength longest line read, in characters; longer lines are reported unreadable
     * @param fields the fields of each finding the mapper reads
     */
    public GuardDutyReader(InputStream in, int maxLineLength, JsonFields.Selection fields, ObjectMapper json) throws IOException {
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
        if (line == Lines.TOO_LONG) {
            return new Read.Unreadable<>(index++, at, "line is longer than " + lines.maxLength() + " characters");
        }
        try (JsonParser parser = json.createParser(line)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                JsonFields finding = reading.object(parser, line);
                return new Read.Record<>(index++, at, finding);
            }
            return new Read.Unreadable<>(index++, at, "line is a JSON " + kind(first) + ", not a finding object");
        } catch (JsonProcessingException e) {
            return new Read.Unreadable<>(index++, at, "invalid JSON: " + Json.describe(e).replaceFirst("^line 1, ", ""));
        } catch (UnreadableInputException e) {
            return new Read.Unreadable<>(index++, at, "invalid JSON: " + e.getMessage());
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
