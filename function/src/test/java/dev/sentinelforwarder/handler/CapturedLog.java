package dev.sentinelforwarder.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.observe.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The forwarder's JSON log lines, kept for a test to read. */
public final class CapturedLog {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    public JsonLog log() {
        return log;
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<JsonNode> lines() {
        return text().lines().map(line -> {
            try {
                return Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }
}
