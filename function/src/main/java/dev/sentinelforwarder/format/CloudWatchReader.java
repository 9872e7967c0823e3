package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads CloudWatch Logs events stored as headerless text, one event per line, in the three shapes that
 * occur: {@code timestamp,message} (split at the first comma; a message starting with a quote is an RFC
 * 4180 quoted field, so it may hold commas, quotes and line breaks), a line that is only a message, and
 * NDJSON {@code {"timestamp":..,"message":..,"logGroup":..,"logStream":..}}. Timestamps are epoch
 * milliseconds or ISO-8601.
 *
 * <p>Hand-written instead of a CSV library: the first comma splits the line even when the message has
 * more unquoted commas, and the three shapes may mix, which no CSV reader accepts.
 */
public final class CloudWatchReader implements RecordReader<CloudWatchEvent> {
    private static final int EOF = -1;

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long index;
    private final StringBuilder field = new StringBuilder(256);
    private final int maxLength;
    private boolean overflow;

    /** @param maxLength longest line (or quoted message) read, in characters; longer ones are reported unreadable */
    public CloudWatchReader(InputStream in, int maxLength) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxLength = maxLength;
    }

    @Override
    public Read<CloudWatchEvent> next() throws IOException {
        while (true) {
            int first = peek();
            if (first == EOF) {
                return null;
            }
            if (first == '\r' || first == '\n') {
                endOfLine();
                continue; // blank line: no event
            }
            long at = line;
            overflow = false;
            if (first == '{') {
                return ndjsonOrMessage(at);
            }
            if (first == '"') {
                return quotedMessage(at, null);
            }
            field.setLength(0);
            boolean comma = readUnquotedUntilComma();
            String head = field.toString();
            if (overflow) {
                if (comma) {
                    skipToEndOfLine();
                }
                return record(at, null);
            }
            if (comma && Timestamps.looksLikeTimestamp(head)) {
                Instant timestamp;
                try {
                    timestamp = Timestamps.parseEpochMillisOrIso(head);
                } catch (DateTimeException | NumberFormatException e) {
                    skipToEndOfLine();
                    return new Read.Unreadable<>(index++, at, "timestamp '" + excerpt(head) + "' is not a valid date-time");
                }
                if (peek() == '"') {
                    return quotedMessage(at, timestamp);
                }
                field.setLength(0);
                readToEndOfLine();
                return record(at, new CloudWatchEvent(timestamp, field.toString(), null, null));
            }
            if (comma) {
                field.append(',');
                readToEndOfLine();
            }
            return record(at, new CloudWatchEvent(null, field.toString(), null, null));
        }
    }

    private Read<CloudWatchEvent> ndjsonOrMessage(long at) throws IOException {
        field.setLength(0);
        readToEndOfLine();
        if (overflow) {
            return record(at, null);
        }
        String text = field.toString();
        try {
            JsonNode node = Json.mapper().readTree(text);
            JsonNode message = node.get("message");
            if (node.isObject() && message != null && !message.isContainerNode()) {
                JsonNode time = node.get("timestamp");
                Instant timestamp = time == null || time.isNull() ? null
                        : time.isIntegralNumber() ? Instant.ofEpochMilli(time.longValue())
                        : Timestamps.parseEpochMillisOrIso(time.asText());
                return record(at, new CloudWatchEvent(timestamp, message.asText(), textOrNull(node.get("logGroup")),
                        textOrNull(node.get("logStream"))));
            }
        } catch (JsonProcessingException e) {
            // not an NDJSON export line: a message that starts with '{'
        } catch (DateTimeException | NumberFormatException e) {
            return new Read.Unreadable<>(index++, at, "NDJSON timestamp is not a valid date-time: " + e.getMessage());
        }
        return record(at, new CloudWatchEvent(null, text, null, null));
    }

    /** An RFC 4180 quoted field that must end the line; {@code timestamp} null for a message-only line. */
    private Read<CloudWatchEvent> quotedMessage(long at, Instant timestamp) throws IOException {
        read(); // opening quote
        field.setLength(0);
        while (true) {
            int c = read();
            if (c == EOF) {
                return new Read.Unreadable<>(index++, at, "quoted message is not closed before the end of the object");
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r' && peek() != '\n') {
                line++;
            }
            if (c != '"') {
                field.append((char) c);
                checkLength();
            } else if (peek() == '"') {
                read();
                field.append('"');
            } else {
                break;
            }
        }
        int after = peek();
        if (after != EOF && after != '\r' && after != '\n') {
            skipToEndOfLine();
            return new Read.Unreadable<>(index++, at, "unexpected '" + (char) after
                    + "' after the closing quote of the message (a quote inside a quoted message must be doubled)");
        }
        endOfLine();
        return record(at, new CloudWatchEvent(timestamp, field.toString(), null, null));
    }

    private Read<CloudWatchEvent> record(long at, CloudWatchEvent event) {
        if (overflow) {
            return new Read.Unreadable<>(index++, at, "line is longer than " + maxLength + " characters");
        }
        return new Read.Record<>(index++, at, event);
    }

    /** Keeps {@link #field} within the limit: past it, the text is dropped and the record marked. */
    private void checkLength() {
        if (field.length() > maxLength) {
            overflow = true;
            field.setLength(0);
        }
    }

    /** Appends characters up to a comma (consumed, returns true) or the end of the line (not consumed). */
    private boolean readUnquotedUntilComma() throws IOException {
        while (true) {
            int c = peek();
            if (c == EOF || c == '\r' || c == '\n') {
                endOfLine();
                return false;
            }
            position++;
            if (c == ',') {
                return true;
            }
            field.append((char) c);
            checkLength();
        }
    }

    private void readToEndOfLine() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                return;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            field.append(buffer, start, position - start);
            checkLength();
            if (position < limit) {
                endOfLine();
                return;
            }
        }
    }

    private void skipToEndOfLine() throws IOException {
        int c;
        while ((c = peek()) != EOF && c != '\r' && c != '\n') {
            position++;
        }
        endOfLine();
    }

    /** Consumes one line terminator (\n, \r\n or \r) if one is next. */
    private void endOfLine() throws IOException {
        int c = peek();
        if (c == '\r') {
            position++;
            if (peek() == '\n') {
                position++;
            }
            line++;
        } else if (c == '\n') {
            position++;
            line++;
        }
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        int c = peek();
        if (c != EOF) {
            position++;
        }
        return c;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String excerpt(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
