package dev.sentinelforwarder.table;

/** One column of a Sentinel table: its exact name and its type. */
public record Column(String name, ColumnType type) {
}
