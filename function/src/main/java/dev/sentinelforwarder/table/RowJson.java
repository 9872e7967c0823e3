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
                    if (format == RowFormat.COMPACT) {
                        writeUnixMicros(t, out);
                    } else {
                        time = time != null ? time : new char[Timestamps.MAX_ISO_CHARS];
                        out.writeString(time, 0, Timestamps.formatIso(t, time));
                    }
                }
                case Row.RawJson json -> out.writeRawValue(json.json());
                default -> throw new IllegalStateException("unexpected value type " + value.getClass());
            }
        }
        out.writeEndObject();
    }

    /**
     * {@code t} as whole Unix microseconds (nanoseconds dropped): an integer, which the stream declares long, is exact
     * for every date a datetime column holds; seconds with a fraction, parsed as a double, are 1 microsecond off past 2106.
     */
    static void writeUnixMicros(Instant t, JsonGenerator out) throws IOException {
        out.writeNumber(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
    }
}
