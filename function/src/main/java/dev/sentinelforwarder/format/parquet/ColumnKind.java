package dev.sentinelforwarder.format.parquet;

import dev.sentinelforwarder.source.UnreadableInputException;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * How a column's stored values become a flow log field's, by its physical and logical type: a flow log's fields are
 * whole numbers (unix seconds for {@code start} and {@code end}) and text. A logical type that says the stored number
 * means something else is honoured where the field's value can be had exactly (unsigned integers, timestamps in finer
 * units, decimals of scale 0) and refused otherwise, naming the column: reading it as its bits would change the value
 * silently (UINT_32 above 2^31 turned negative, DECIMAL(s) scaled by 10^s, milliseconds read as seconds).
 */
enum ColumnKind {
    NUMBER,
    /** An unsigned 32-bit integer: the bits read as unsigned. */
    UNSIGNED_32,
    /** An unsigned 64-bit integer: above Long.MAX_VALUE written as its digits, which the mapper reads as the text's. */
    UNSIGNED_64,
    SECONDS_FROM_MILLIS,
    SECONDS_FROM_MICROS,
    SECONDS_FROM_NANOS,
    TEXT;

    /** The kind of a flat column, or why it cannot be read as a flow log's field. */
    static ColumnKind of(SchemaElement element) throws UnreadableInputException {
        Type type = element.getType();
        if (element.isSetLogicalType()) {
            return of(element.getName(), type, element.getLogicalType());
        }
        ConvertedType converted = element.isSetConverted_type() ? element.getConverted_type() : null;
        if (converted == null) {
            return type == Type.BYTE_ARRAY ? TEXT : NUMBER;
        }
        return switch (converted) {
            case UTF8, ENUM, JSON -> text(element.getName(), type, converted.name());
            case INT_8, INT_16, INT_32, INT_64 -> number(element.getName(), type, converted.name(), NUMBER);
            case UINT_8, UINT_16, UINT_32, UINT_64 -> number(element.getName(), type, converted.name(),
                    type == Type.INT64 ? UNSIGNED_64 : UNSIGNED_32);
            case TIMESTAMP_MILLIS -> number(element.getName(), type, converted.name(), SECONDS_FROM_MILLIS);
            case TIMESTAMP_MICROS -> number(element.getName(), type, converted.name(), SECONDS_FROM_MICROS);
            case DECIMAL -> decimal(element.getName(), type, element.getScale());
            default -> throw refused(element.getName(), converted.name());
        };
    }

    private static ColumnKind of(String name, Type type, LogicalType logical) throws UnreadableInputException {
        if (logical.isSetSTRING() || logical.isSetENUM() || logical.isSetJSON()) {
            return text(name, type, logical.getSetField().name());
        }
        if (logical.isSetINTEGER()) {
            boolean signed = logical.getINTEGER().isIsSigned();
            return number(name, type, "INTEGER(" + logical.getINTEGER().getBitWidth() + ", " + (signed ? "signed" : "unsigned") + ")",
                    signed ? NUMBER : type == Type.INT64 ? UNSIGNED_64 : UNSIGNED_32);
        }
        if (logical.isSetTIMESTAMP() && type == Type.INT64) {
            var unit = logical.getTIMESTAMP().getUnit();
            return unit.isSetMILLIS() ? SECONDS_FROM_MILLIS : unit.isSetMICROS() ? SECONDS_FROM_MICROS : SECONDS_FROM_NANOS;
        }
        if (logical.isSetDECIMAL()) {
            return decimal(name, type, logical.getDECIMAL().getScale());
        }
        throw refused(name, logical.getSetField().name());
    }

    private static ColumnKind text(String name, Type type, String logical) throws UnreadableInputException {
        if (type != Type.BYTE_ARRAY) {
            throw refused(name, logical + " on " + type);
        }
        return TEXT;
    }

    private static ColumnKind number(String name, Type type, String logical, ColumnKind kind) throws UnreadableInputException {
        if (type != Type.INT32 && type != Type.INT64) {
            throw refused(name, logical + " on " + type);
        }
        return kind;
    }

    private static ColumnKind decimal(String name, Type type, int scale) throws UnreadableInputException {
        if (scale != 0 || (type != Type.INT32 && type != Type.INT64)) {
            throw refused(name, "DECIMAL of scale " + scale + " on " + type);
        }
        return NUMBER;
    }

    private static UnreadableInputException refused(String name, String logical) {
        return new UnreadableInputException("the Parquet column '" + name + "' is " + logical + ", which no flow log field is"
                + " (its fields are whole numbers, unix seconds and text): read as stored, its values would change");
    }

    /** The field's value of a stored 32-bit integer. */
    long of(int stored) {
        return this == UNSIGNED_32 ? Integer.toUnsignedLong(stored) : stored;
    }

    /** The field's value of a stored 64-bit integer; for an unsigned one above Long.MAX_VALUE see {@link #text(long)}. */
    long of(long stored) {
        return switch (this) {
            case SECONDS_FROM_MILLIS -> Math.floorDiv(stored, 1_000L);
            case SECONDS_FROM_MICROS -> Math.floorDiv(stored, 1_000_000L);
            case SECONDS_FROM_NANOS -> Math.floorDiv(stored, 1_000_000_000L);
            default -> stored;
        };
    }

    /** The digits of a stored 64-bit value that is no signed long, or null when {@link #of(long)} holds it. */
    String text(long stored) {
        return this == UNSIGNED_64 && stored < 0 ? Long.toUnsignedString(stored) : null;
    }
}
