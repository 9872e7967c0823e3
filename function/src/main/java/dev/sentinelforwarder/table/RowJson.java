package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sentinelforwarder.format.Timestamps;
import java.io.IOException;
import java.time.Instant;

/** Writes a row as the JSON object the Logs Ingestion API receives, its columns named as {@code format} names them: empty columns are left out. */
public final class RowJson {
    private RowJson() {
    }

    public static void write(Row row, RowFormat format, JsonGenerator out) throws IOException {
        TableSchema table = row.table();
        int columns = table.columns().size();
        char[] time = null;
        out.writeStartObject();
        for (int i = 0; i < columns; i++) {
            Object value = row.valueAt(i);
            if (value == null) {
                continue;
            }
            out.writeFieldName(table.jsonName(format, i));
            switch (value) {
                case String s -> out.writeString(s);
                case Integer n -> out.writeNumber(n);
                case Long n -> out.writeNumber(n);
                case Boolean b -> out.writeBoolean(b);
                case Instant t -> {
                    time = time != null ? time : new char[Timestamps.MAX_ISO_CHARS];
                    if (format == RowFormat.COMPACT) {
                        writeUnixSeconds(t, out, time);
                    } else {
                        out.writeString(time, 0, Timestamps.formatIso(t, time));
                    }
                }
                case Row.RawJson json -> out.writeRawValue(json.json());
                default -> throw new IllegalStateException("unexpected value type " + value.getClass());
            }
        }
        out.writeEndObject();
    }

    /** {@code t} as Unix seconds, a fraction of up to six digits when it has microseconds; nanoseconds are dropped. */
    static void writeUnixSeconds(Instant t, JsonGenerator out, char[] buffer) throws IOException {
        long seconds = t.getEpochSecond();
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            out.writeNumber(seconds);
            return;
        }
        boolean negative = seconds < 0;
        if (negative) { // -1 s + 0.25 s is -0.75 s: the whole part and the fraction both count from zero
            seconds = -(seconds + 1);
            micros = 1_000_000 - micros;
        }
        String whole = Long.toString(seconds);
        int n = 0;
        if (negative) {
            buffer[n++] = '-';
        }
        whole.getChars(0, whole.length(), buffer, n);
        n += whole.length();
        buffer[n++] = '.';
        for (int divisor = 100_000; micros > 0; divisor /= 10) {
            buffer[n++] = (char) ('0' + micros / divisor);
            micros %= divisor;
        }
        out.writeNumber(buffer, 0, n);
    }
}
