package dev.sentinelforwarder.handler.report;

import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.observe.JsonLog;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log lines of one message's objects: every success, but at most {@link #ERROR_LINES} failures; the
 * others are counted by message and summed up in one line at the end, so a message naming thousands of
 * objects that fail the same way does not write thousands of lines on every delivery.
 */
public final class MessageLog {
    static final int ERROR_LINES = 10;

    private final JsonLog log;
    private final String messageId;
    private final Map<String, Long> leftOut = new TreeMap<>();
    private int errors;

    public MessageLog(JsonLog log, String messageId) {
        this.log = log;
        this.messageId = messageId;
    }

    public void info(String message, Map<String, Object> fields) {
        log.info(message, fields);
    }

    public void warn(String message, Map<String, Object> fields) {
        log.warn(message, fields);
    }

    public void error(String message, Map<String, Object> fields) {
        if (errors++ < ERROR_LINES) {
            log.error(message, fields);
        } else {
            leftOut.merge(message, 1L, Long::sum);
        }
    }

    /** Writes the summary of the lines left out, if any. */
    public void close() {
        if (!leftOut.isEmpty()) {
            log.error("more objects of this message failed; their lines are left out", LogFields.of("messageId", messageId,
                    "linesLeftOut", leftOut.values().stream().mapToLong(Long::longValue).sum(), "byMessage", leftOut));
        }
    }
}
