package dev.sentinelforwarder.quarantine;

import java.io.IOException;
import java.util.List;

/** Where the rows the service refused on their own go (the quarantine), before their records count as settled. */
@FunctionalInterface
public interface RejectedRows {
    /** Keeps the rows durably; throws when they could not be kept (their records are then not settled). */
    void keep(List<RejectedRow> rows) throws IOException;
}
