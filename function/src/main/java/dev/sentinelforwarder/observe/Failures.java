package dev.sentinelforwarder.observe;

import java.util.ArrayList;
import java.util.List;

/** Throwables as log text: the whole cause chain, and where the innermost one was thrown. */
public final class Failures {
    /** Frames of the innermost cause that are kept: enough to find the place, few enough to read. */
    static final int FRAMES = 8;

    private Failures() {
    }

    /** "java.lang.IllegalStateException: x <- java.io.IOException: y", each message on one line. */
    public static String chain(Throwable error) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable cause = error; cause != null && depth < 10; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (depth++ > 0) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage().lines().findFirst().orElse(""));
            }
        }
        return text.toString();
    }

    /** The innermost cause's top frames. */
    public static List<String> frames(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        List<String> frames = new ArrayList<>();
        StackTraceElement[] trace = root.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
            frames.add(trace[i].toString());
        }
        return frames;
    }
}
