package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson mapper of the process (thread-safe once configured) and JSON error wording. Its parsers
 * refuse JSON nested deeper than a limit, so a hostile record cannot exhaust the stack.
 */
public final class Json {
    /** Deepest JSON nesting read; real CloudTrail and GuardDuty records stay far below it. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    private static volatile ObjectMapper mapper = create(DEFAULT_MAX_DEPTH);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return mapper;
    }

    /** Replaces the mapper with one whose parsers stop at {@code maxDepth}; call once, before any work. */
    public static void limitNestingDepth(int maxDepth) {
        mapper = create(maxDepth);
    }

    private static ObjectMapper create(int maxDepth) {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build());
    }

    /** "line 3, column 17: Unexpected character ..." without Jackson's source excerpt. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + e.getOriginalMessage();
    }
}
