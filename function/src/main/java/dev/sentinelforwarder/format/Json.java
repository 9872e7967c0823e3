package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson mapper of the process (thread-safe once configured) and JSON error wording. Its parsers
 * refuse JSON nested deeper than a limit, so a hostile record cannot exhaust the stack, and strings longer
 * than a limit, so one value cannot exhaust the heap (a parser holds each string it returns whole).
 */
public final class Json {
    /** Deepest JSON nesting read; real CloudTrail and GuardDuty records stay far below it. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    /** Longest JSON string read, in characters: the same as the longest text line, 8 Mi characters. */
    public static final int DEFAULT_MAX_STRING = 8 * 1024 * 1024;

    private static volatile ObjectMapper mapper = create(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return mapper;
    }

    /** Replaces the mapper with one whose parsers stop at these limits; call once, before any work. */
    public static void limit(int maxDepth, int maxStringChars) {
        mapper = create(maxDepth, maxStringChars);
    }

    private static ObjectMapper create(int maxDepth, int maxStringChars) {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).maxStringLength(maxStringChars).build())
                .build());
    }

    /** "line 3, column 17: Unexpected character ..." without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + e.getOriginalMessage();
    }
}
