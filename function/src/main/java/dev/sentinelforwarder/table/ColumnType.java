package dev.sentinelforwarder.table;

/**
 * The column types of the Sentinel tables we write, as the Logs Ingestion API sees them.
 *
 * <p>A stream declaration in a data collection rule knows only string, int, long, real, boolean,
 * datetime and dynamic. The built-in tables also have guid columns: we send those as strings and the
 * DCR transform converts them with {@code toguid()}, so {@link #GUID} declares itself as "string".
 */
public enum ColumnType {
    STRING("string"),
    INT("int"),
    LONG("long"),
    REAL("real"),
    BOOLEAN("boolean"),
    /** ISO-8601 UTC text, e.g. {@code 2024-08-02T08:53:24Z}. */
    DATETIME("datetime"),
    /** Any JSON value; the tables use it for JSON objects. */
    DYNAMIC("dynamic"),
    /** A GUID in its canonical text form; declared as string, converted by the DCR transform. */
    GUID("string");

    private final String streamType;

    ColumnType(String streamType) {
        this.streamType = streamType;
    }

    /** The type to put in the DCR stream declaration. */
    public String streamType() {
        return streamType;
    }
}
