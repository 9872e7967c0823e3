package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.table.RowFormat;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The option values that name a log type or a row format, by the ids the README and the settings use. */
final class TypeOptions {
    private TypeOptions() {
    }

    /** {@code auto} (null: detect) or a log type's id. */
    static final class LogTypeOrAuto implements ITypeConverter<LogType> {
        @Override
        public LogType convert(String id) {
            if (id.equals("auto")) {
                return null;
            }
            return LogType.byId(id).orElseThrow(() -> new TypeConversionException(
                    "'" + id + "' is not a log type: auto or one of " + String.join(", ", LogTypeIds.ids().toList())));
        }
    }

    /** A log type's id, as {@code bench generate} takes it. */
    static final class LogTypeId implements ITypeConverter<LogType> {
        @Override
        public LogType convert(String id) {
            return LogType.byId(id).orElseThrow(() -> new TypeConversionException(
                    "'" + id + "' is not a log type: one of " + String.join(", ", LogTypeIds.ids().toList())));
        }
    }

    /** The type ids, for the help's {@code ${COMPLETION-CANDIDATES}}. */
    static final class LogTypeIds implements Iterable<String> {
        static Stream<String> ids() {
            return Arrays.stream(LogType.values()).map(LogType::id);
        }

        @Override
        public Iterator<String> iterator() {
            return ids().iterator();
        }
    }

    static final class RowFormatId implements ITypeConverter<RowFormat> {
        @Override
        public RowFormat convert(String id) {
            return RowFormat.byId(id).orElseThrow(() -> new TypeConversionException(
                    "'" + id + "' is not a row format: compact or full"));
        }
    }
}
