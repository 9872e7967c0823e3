package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns we fill in one built-in Sentinel table. Rows, the ingestion fake and the DCR template
 * all read the schema from here, so they cannot drift apart.
 */
public final class TableSchema {
    private final String name;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final SerializedString[] jsonNames;

    TableSchema(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.jsonNames = this.columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        for (int i = 0; i < this.columns.size(); i++) {
            if (indexByName.put(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException(name + " declares column " + this.columns.get(i).name() + " twice");
            }
        }
    }

    /** The table's name, e.g. {@code AWSCloudTrail}. */
    public String name() {
        return name;
    }

    /** The columns in a fixed order; a row's values follow the same order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column with this exact name, if the table has one. */
    public Optional<Column> column(String columnName) {
        Integer index = indexByName.get(columnName);
        return index == null ? Optional.empty() : Optional.of(columns.get(index));
    }

    /** The name of column {@code index}, encoded once for JSON output. */
    SerializedString jsonName(int index) {
        return jsonNames[index];
    }

    public int indexOf(String columnName) {
        Integer index = indexByName.get(columnName);
        if (index == null) {
            throw new IllegalArgumentException(name + " has no column " + columnName);
        }
        return index;
    }

    @Override
    public String toString() {
        return name;
    }
}
