package dev.sentinelforwarder.format;

/**
 * One ASFF finding and the event that carried it.
 *
 * @param eventTime the EventBridge event's {@code time}; null for a bare finding
 * @param fields the finding's fields the mapper selected
 * @param json the finding's whole JSON text
 */
public record SecurityHubFinding(String eventTime, JsonFields fields, String json) {
}
