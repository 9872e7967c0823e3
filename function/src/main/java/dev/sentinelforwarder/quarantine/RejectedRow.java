package dev.sentinelforwarder.quarantine;

import dev.sentinelforwarder.table.TableSchema;

/**
 * A row the ingestion API refused on its own, with why, and the record it came from: what the quarantine keeps of it.
 *
 * @param row the row as {@code table} has it (column names, ISO-8601 date-times)
 * @param status the service's HTTP status; @param errorCode its error code; @param reason its message
 */
public record RejectedRow(long recordIndex, TableSchema table, String row, int status, String errorCode, String reason) {
}
