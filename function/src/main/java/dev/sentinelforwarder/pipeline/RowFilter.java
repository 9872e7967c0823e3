package dev.sentinelforwarder.pipeline;

import dev.sentinelforwarder.table.Row;

/** Which rows are left out before they are sent: the pipeline asks, the configuration's filter rules answer. */
@FunctionalInterface
public interface RowFilter {
    /** Leaves nothing out. */
    RowFilter NONE = row -> null;

    /** The name of the rule that leaves {@code row} out, counted per name; null to keep it. */
    String dropping(Row row);
}
