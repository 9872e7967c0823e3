package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Writes a row as the JSON object the Logs Ingestion API receives: empty columns are left out. */
public final class RowJson {
    private RowJson() {
    }

    public static void write(Row row, JsonGenerator out) throws IOException {
        List<Column> columns = row.table().columns();
        out.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            Object value = row.valueAt(i);
            if (value == null) {
                continue;
            }
            out.writeFieldName(columns.get(i).name());
            switch (value) {
                case String s -> out.writeString(s);
                case Integer n -> out.writeNumber(n);
                case Long n -> out.writeNumber(n);
                case Boolean b -> out.writeBoolean(b);
                case Instant t -> out.writeString(t.toString());
                case Row.RawJson json -> out.writeRawValue(json.json());
                default -> throw new IllegalStateException("unexpected value type " + value.getClass());
            }
        }
        out.writeEndObject();
    }
}
