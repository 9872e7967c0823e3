package dev.sentinelforwarder.format;

import java.time.Instant;

/**
 * One CloudWatch Logs event as stored in S3.
 *
 * @param timestamp the event's own time; null for message-only lines, which carry none
 * @param message the log message, exactly as written by the application
 * @param logGroup the log group, when the line carried it (NDJSON exports); else null
 * @param logStream the log stream, when the line carried it; else null
 */
public record CloudWatchEvent(Instant timestamp, String message, String logGroup, String logStream) {
}
