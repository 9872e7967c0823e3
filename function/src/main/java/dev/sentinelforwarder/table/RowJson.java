package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
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
            if (value == null || format == RowFormat.COMPACT && table.omittedFromCompact(row, i)) {
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
     * A row as the table has it (its column names, ISO-8601 date-times: what quarantine keeps) read back into a
     * {@link Row}, to be sent again. Dynamic values keep their JSON text exactly.
     *
     * @throws IOException when {@code json} is not a row of {@code table}: a name no column has, a value not of its type
     */
    public static Row read(TableSchema table, String json) throws IOException {
        Row row = new Row(table);
        try (JsonParser parser = Json.mapper().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a row is a JSON object, not " + Utf8.truncate(json, 100));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                int index = table.indexOf(name);
                if (index < 0) {
                    throw new IOException(table.name() + " has no column " + name);
                }
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                try {
                    switch (table.columns().get(index).type()) {
                        case STRING -> row.string(name, parser.getValueAsString());
                        case GUID -> row.guid(name, parser.getValueAsString());
                        case INT -> row.integer(name, parser.getIntValue());
                        case LONG -> row.longInteger(name, parser.getLongValue());
                        case BOOLEAN -> row.bool(name, parser.getBooleanValue());
                        case DATETIME -> row.dateTime(name, Timestamps.parseIso(parser.getValueAsString()));
                        case DYNAMIC -> {
                            if (token == JsonToken.VALUE_STRING) {
                                row.dynamicString(name, parser.getText());
                            } else {
                                StringWriter text = new StringWriter();
                                try (JsonGenerator out = Json.mapper().getFactory().createGenerator(text)) {
                                    Json.copyExactly(parser, out);
                                }
                                row.dynamic(name, text.toString());
                            }
                        }
                        case REAL -> throw new IOException("no table of ours has a real column");
                    }
                } catch (java.time.DateTimeException | com.fasterxml.jackson.core.JsonParseException e) {
                    throw new IOException(table.name() + "." + name + " holds what is not of its type: " + e.getMessage(), e);
                }
            }
        }
        return row;
    }

    /**
     * {@code t} as whole Unix microseconds (nanoseconds dropped): an integer, which the stream declares long, is exact
     * for every date a datetime column holds; seconds with a fraction, parsed as a double, are 1 microsecond off past 2106.
     */
    static void writeUnixMicros(Instant t, JsonGenerator out) throws IOException {
        out.writeNumber(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
    }
}
