package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads GuardDuty's S3 export: JSON lines, one finding per line. Each line is parsed on its own, so one
 * broken line is reported and the lines after it are still read. Blank lines are passed over.
 */
public final class GuardDutyReader implements RecordReader<ObjectNode> {
    private final Lines lines;
    private long index;

    /** @param maxLineLength longest line read, in characters; longer lines are reported unreadable */
    public GuardDutyReader(InputStream in, int maxLineLength) {
        this.lines = new Lines(in, maxLineLength);
    }

    @Override
    public Read<ObjectNode> next() throws IOException {
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
        try {
            JsonNode node = Json.mapper().readTree(line);
            if (node instanceof ObjectNode finding) {
                return new Read.Record<>(index++, at, finding);
            }
            return new Read.Unreadable<>(index++, at, "line is a JSON " + node.getNodeType() + ", not a finding object");
        } catch (JsonProcessingException e) {
            return new Read.Unreadable<>(index++, at, "invalid JSON: " + Json.describe(e).replaceFirst("^line 1, ", ""));
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
