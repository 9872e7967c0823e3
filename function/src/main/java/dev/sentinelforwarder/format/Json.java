package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinelforwarder.source.UnreadableInputException;
import java.io.IOException;

/**
 * Jackson mappers (thread-safe) and JSON error wording. Its parsers
 * refuse JSON nested deeper than a limit, so a hostile record cannot exhaust the stack, and strings longer
 * than a limit, so one value cannot exhaust the heap (a parser holds each string it returns whole).
 */
public final class Json {
    /** Deepest JSON nesting read; real CloudTrail and GuardDuty records stay far below it. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    /** Longest JSON string read, in characters: the same as the longest text line, 8 Mi characters. */
    public static final int DEFAULT_MAX_STRING = 8 * 1024 * 1024;

    private static final ObjectMapper MAPPER = limited(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING);

    private Json() {
    }

    /** The mapper with the default limits: for messages, configuration and output. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A mapper whose parsers stop at these limits, for the log content the configuration bounds: made by whoever
     * reads that content and handed to its readers, so no setting is process-wide.
     */
    public static ObjectMapper limited(int maxDepth, int maxStringChars) {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).maxStringLength(maxStringChars).build())
                .build());
    }

    /**
     * Copies the value the parser stands at (a whole object or array) with every number as it was written. Jackson's
     * own copy reads floating-point numbers as doubles: 1e400 became "Infinity", 1e-400 became 0.0 and a 34-digit
     * decimal lost its last digits, in columns that are meant to hold the source's JSON unchanged.
     */
    public static void copyExactly(JsonParser parser, JsonGenerator out) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        while (token != null) {
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                out.writeNumber(parser.getText());
            } else {
                out.copyCurrentEvent(parser);
            }
            depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        }
        throw new UnreadableInputException("JSON ends inside a value");
    }

    /** "line 3, column 17: Unexpected character ..." without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + e.getOriginalMessage();
    }
}
