package dev.sentinelforwarder.cloudwatch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.format.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Decodes the {@code awslogs.data} of a CloudWatch Logs subscription event (base64 of gzip of JSON) as a
 * stream: each log event is handed over as it is parsed, so a large batch is never held whole.
 */
public final class SubscriptionDecoder {
    /** Receives each log event in order. */
    @FunctionalInterface
    public interface EventSink {
        void accept(Instant timestamp, String message) throws IOException;
    }

    /** The fields around the events. */
    public record Envelope(String messageType, String owner, String logGroup, String logStream, int events) {
        public boolean isControlMessage() {
            return "CONTROL_MESSAGE".equals(messageType);
        }
    }

    private SubscriptionDecoder() {
    }

    /** @throws InvalidSubscriptionDataException when the data is not base64 gzip JSON of the expected shape */
    public static Envelope decode(String data, EventSink events) throws IOException {
        if (data == null || data.isBlank()) {
            throw new InvalidSubscriptionDataException("awslogs.data is missing or empty");
        }
        InputStream decoded = new BufferedInputStream(Base64.getMimeDecoder().wrap(
                new ByteArrayInputStream(data.getBytes(StandardCharsets.US_ASCII))));
        decoded.mark(2);
        byte[] magic = decoded.readNBytes(2);
        decoded.reset();
        if (magic.length < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
            throw new InvalidSubscriptionDataException("awslogs.data is not gzip: its decoded bytes start with "
                    + HexFormat.ofDelimiter(" ").formatHex(magic) + ((magic.length == 2 && (magic[0] & 0xff) == 0x78)
                            ? " (zlib, not the gzip CloudWatch Logs sends)" : ""));
        }
        try (JsonParser parser = Json.mapper().createParser(new GZIPInputStream(decoded))) {
            return envelope(parser, events);
        } catch (JsonProcessingException e) {
            throw new InvalidSubscriptionDataException("awslogs.data is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Envelope envelope(JsonParser parser, EventSink events) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidSubscriptionDataException("awslogs.data does not hold a JSON object");
        }
        String messageType = null;
        String owner = null;
        String logGroup = null;
        String logStream = null;
        int count = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "messageType" -> messageType = parser.getValueAsString();
                case "owner" -> owner = parser.getValueAsString();
                case "logGroup" -> logGroup = parser.getValueAsString();
                case "logStream" -> logStream = parser.getValueAsString();
                case "logEvents" -> {
                    if (value != JsonToken.START_ARRAY) {
                        throw new InvalidSubscriptionDataException("logEvents is not an array");
                    }
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        event(parser, count++, events);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (messageType == null) {
            throw new InvalidSubscriptionDataException("awslogs.data has no messageType");
        }
        return new Envelope(messageType, owner, logGroup, logStream, count);
    }

    private static void event(JsonParser parser, int index, EventSink events) throws IOException {
        Long timestamp = null;
        String message = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("timestamp") && value == JsonToken.VALUE_NUMBER_INT) {
                timestamp = parser.getLongValue();
            } else if (field.equals("message") && value == JsonToken.VALUE_STRING) {
                message = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        if (timestamp == null || message == null) {
            throw new InvalidSubscriptionDataException("log event " + index + " lacks a numeric timestamp or a string message");
        }
        events.accept(Instant.ofEpochMilli(timestamp), message);
    }
}
