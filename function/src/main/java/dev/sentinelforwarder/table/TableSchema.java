package dev.sentinelforwarder.table;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The columns we fill in one built-in Sentinel table. Rows, the ingestion fake and the DCR template
 * all read the schema from here, so they cannot drift apart.
 */
public final class TableSchema {
    private final String name;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final SerializedString[] jsonNames;
    private final SerializedString[] shortJsonNames;
    private final Map<String, Integer> indexByShortName = new HashMap<>();
    private final String compactStream;
    private final int timeGenerated;
    private final int timeGeneratedSource;

    /**
     * @param timeGeneratedSource the column whose value TimeGenerated takes when the record has one (CloudWatch's
     *     ExtractedTime, a flow's Start), or null when TimeGenerated is a column of its own
     */
    TableSchema(String name, List<Column> columns, String timeGeneratedSource) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.jsonNames = this.columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        this.shortJsonNames = new SerializedString[this.columns.size()];
        StringBuilder declaration = new StringBuilder(name);
        for (int i = 0; i < this.columns.size(); i++) {
            Column column = this.columns.get(i);
            if (indexByName.put(column.name(), i) != null) {
                throw new IllegalArgumentException(name + " declares column " + column.name() + " twice");
            }
            shortJsonNames[i] = new SerializedString(shortName(i));
            indexByShortName.put(shortName(i), i);
            declaration.append(',').append(shortName(i)).append('=').append(column.name()).append(':').append(column.type());
        }
        this.timeGenerated = indexByName.getOrDefault("TimeGenerated", -1);
        this.timeGeneratedSource = timeGeneratedSource == null ? -1 : indexOf(timeGeneratedSource);
        if (timeGeneratedSource != null) {
            // A rule whose transform reads TimeGenerated only from its own input must not get rows that leave it out.
            declaration.append(";TimeGenerated=").append(timeGeneratedSource);
        }
        CRC32 crc = new CRC32();
        crc.update(declaration.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.compactStream = String.format("Custom-%s_%08x", name, crc.getValue());
    }

    /**
     * The short input name of column {@code index} in the compact stream: a to z, then a1 to z1, a2 ... By
     * position, so it is generated rather than kept by hand; none is a KQL keyword, and none differs from
     * another only in case.
     */
    public static String shortName(int index) {
        char letter = (char) ('a' + index % 26);
        return index < 26 ? String.valueOf(letter) : letter + String.valueOf(index / 26);
    }

    /**
     * The compact stream's name, which ends in a checksum of its declaration (short name, column and type of
     * every column): short names follow column positions, so a forwarder whose columns moved must not send
     * to a rule declared for the old ones. It gets "stream not declared" instead of values in wrong columns.
     */
    public String compactStream() {
        return compactStream;
    }

    /**
     * Whether a compact row leaves out column {@code index}, TimeGenerated, because it holds the same instant as the
     * column it is taken from (its transform takes that one's value when TimeGenerated is absent): 16 digits and a
     * name less per row, and deflate no longer spends a match on them.
     */
    boolean omittedFromCompact(Row row, int index) {
        return index == timeGenerated && timeGeneratedSource >= 0 && row.valueAt(index).equals(row.valueAt(timeGeneratedSource));
    }

    /** The column TimeGenerated takes its value from when a compact row leaves it out, or -1 when a row always has it. */
    public int timeGeneratedSource() {
        return timeGeneratedSource;
    }

    /** The position of TimeGenerated. */
    public int timeGenerated() {
        return timeGenerated;
    }

    /** The position of the column whose short input name is {@code shortName}, or -1. */
    public int indexOfShortName(String shortName) {
        return indexByShortName.getOrDefault(shortName, -1);
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

    /** The name of column {@code index} in rows of {@code format}, encoded once for JSON output. */
    SerializedString jsonName(RowFormat format, int index) {
        return format == RowFormat.COMPACT ? shortJsonNames[index] : jsonNames[index];
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
