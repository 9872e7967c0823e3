package dev.sentinelforwarder.format;

/**
 * One VPC flow log record: its values in the order of {@code header}. A value of {@code -} means the
 * field has no value for this flow; it is kept as written here and read as null by the mapper. A Parquet record's
 * integers come as numbers: where {@code values[i]} is null, {@code numbers[i]} holds the field's value, so it is not
 * written as text only to be parsed again.
 *
 * @param numbers null for a text record
 */
public record VpcFlowRecord(VpcFlowHeader header, String[] values, long[] numbers) {
    public VpcFlowRecord(VpcFlowHeader header, String[] values) {
        this(header, values, null);
    }

    /** The i-th value as the text format writes it. */
    public String text(int i) {
        return values[i] != null ? values[i] : Long.toString(numbers[i]);
    }
}
