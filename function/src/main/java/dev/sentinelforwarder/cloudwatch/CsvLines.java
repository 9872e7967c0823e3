package dev.sentinelforwarder.cloudwatch;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes CloudWatch Logs events as headerless CSV lines {@code timestamp,message}: the timestamp as
 * ISO-8601 UTC with milliseconds, the message verbatim unless it holds a comma, quote, CR or LF, in which
 * case it is an RFC 4180 quoted field. Microsoft's exporters write messages unquoted and break on exactly
 * these characters; the forwarder's reader reads these lines back exactly.
 */
public final class CsvLines {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private CsvLines() {
    }

    public static void write(Writer out, Instant timestamp, String message) throws IOException {
        out.write(TIMESTAMP.format(timestamp));
        out.write(',');
        if (needsQuotes(message)) {
            out.write('"');
            out.write(message.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(message);
        }
        out.write('\n');
    }

    private static boolean needsQuotes(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
