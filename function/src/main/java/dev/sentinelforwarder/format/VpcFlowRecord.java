package dev.sentinelforwarder.format;

/**
 * One VPC flow log line: its values in the order of {@code header}. A value of {@code -} means the
 * field has no value for this flow; it is kept as written here and read as null by the mapper.
 */
public record VpcFlowRecord(VpcFlowHeader header, String[] values) {
}
