package dev.sentinelforwarder.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sentinelforwarder.format.Json;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured log lines: one JSON object per line, which CloudWatch Logs Insights queries field by field.
 * Written by hand on Jackson because all we need is a level, a message and fields; a logging framework
 * would add start-up time to every cold start. Callers never pass secrets.
 */
public final class JsonLog {
    private final PrintStream out;

    public JsonLog(PrintStream out) {
        this.out = out;
    }

    public void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("message", message);
        fields.forEach((name, value) -> {
            if (value != null) {
                line.put(name, value);
            }
        });
        String text;
        try {
            text = Json.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            text = "{\"level\":\"" + level + "\",\"message\":\"log line could not be written: " + e.getClass().getSimpleName() + "\"}";
        }
        synchronized (out) {
            out.println(text);
        }
    }
}
