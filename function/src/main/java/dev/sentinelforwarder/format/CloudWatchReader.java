package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * milliseconds or ISO-8601. A quoted message that is not well formed costs at most itself (see
 * {@link #quotedMessage}).
 *
 * <p>Hand-written instead of a CSV library: the first comma splits the line even when the message has
 * more unquoted commas, and the three shapes may mix, which no CSV reader accepts.
 */
public final class CloudWatchReader implements RecordReader<CloudWatchEvent> {
    private static final int EOF = -1;

    private final Reader in;
    private final ObjectMapper json;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long index;
    private final StringBuilder field = new StringBuilder(256);
    /** A quoted message as it stands in the text, quotes doubled, line breaks included. */
    private final StringBuilder raw = new StringBuilder(256);
    private final int maxLength;
    private boolean overflow;
    /** False once a quoted message was not well formed: then quoted messages must close on their own line. */
    private boolean multiLineQuotes = true;
    /** Text to read again before the rest of the stream (see {@link #quotedMessage}), or null. */
    private String pending;
    private int pendingAt;

    /** @param maxLength longest line (or quoted message) read, in characters; longer ones are reported unreadable */
    public CloudWatchReader(InputStream in, int maxLength, ObjectMapper json) {
        this.json = json;
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
            JsonNode node = json.readTree(text);
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

    /**
     * An RFC 4180 quoted field that must end its line; {@code timestamp} null for a message-only line. A
     * quoted message that is not well formed (no closing quote before the end of the object or within the
     * line limit, or text after the closing quote) is read as it stands to the end of its first line, quotes
     * and all, and the lines after that one are read again as records of their own: one stray quote cannot
     * swallow the rest of the object. From then on a quoted message must close on its own line, so every
     * character is read at most twice whatever the input.
     */
    private Read<CloudWatchEvent> quotedMessage(long at, Instant timestamp) throws IOException {
        raw.setLength(0);
        int firstBreak = -1;
        boolean doubled = false;
        boolean closed = false;
        raw.append((char) read()); // the opening quote
        while (true) {
            if (position == limit && !fill()) {
                break;
            }
            int start = position;
            while (position < limit && buffer[position] != '"' && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            raw.append(buffer, start, position - start);
            if (raw.length() > maxLength + 1) {
                break; // longer than any message may be: not well formed
            }
            if (position == limit) {
                continue;
            }
            char c = buffer[position++];
            if (c == '"') {
                if (peek() == '"') {
                    position++;
                    raw.append("\"\"");
                    doubled = true;
                    continue;
                }
                raw.append(c);
                closed = true;
                break;
            }
            if (!multiLineQuotes) {
                position--; // the message had to close on this line; leave its terminator for endOfLine()
                break;
            }
            if (firstBreak < 0) {
                firstBreak = raw.length();
            }
            raw.append(c);
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
        }
        int after = closed ? peek() : EOF;
        if (closed && (after == EOF || after == '\r' || after == '\n')) {
            endOfLine();
            String inner = raw.substring(1, raw.length() - 1);
            return record(at, new CloudWatchEvent(timestamp, doubled ? inner.replace("\"\"", "\"") : inner, null, null));
        }
        if (firstBreak < 0) {
            // Not well formed, all on one line: the line as it stands.
            field.setLength(0);
            field.append(raw);
            checkLength();
            readToEndOfLine();
            return record(at, new CloudWatchEvent(timestamp, field.toString(), null, null));
        }
        // Not well formed across lines: the first line as it stands, then its following lines again.
        replay(raw.subSequence(firstBreak, raw.length()));
        line = at;
        multiLineQuotes = false;
        overflow = firstBreak > maxLength;
        return record(at, new CloudWatchEvent(timestamp, raw.substring(0, firstBreak), null, null));
    }

    /** Reads {@code text}, then what was left in the buffer, before anything more from the stream. */
    private void replay(CharSequence text) {
        StringBuilder again = new StringBuilder(text.length() + (limit - position)).append(text).append(buffer, position, limit - position);
        if (pending != null) {
            again.append(pending, pendingAt, pending.length());
        }
        pending = again.toString();
        pendingAt = 0;
        position = limit;
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
        if (pending != null) {
            int n = Math.min(buffer.length, pending.length() - pendingAt);
            pending.getChars(pendingAt, pendingAt + n, buffer, 0);
            pendingAt += n;
            if (pendingAt == pending.length()) {
                pending = null;
            }
            position = 0;
            limit = n;
            return true;
        }
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
