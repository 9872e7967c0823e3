package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.config.FilterRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --filter-rules JSON} or {@code --filter-rules @FILE}: the FILTER_RULES setting, for trying rules on files. */
final class FilterRulesOption implements ITypeConverter<FilterRules> {
    @Override
    public FilterRules convert(String value) {
        String json = value;
        if (value.startsWith("@")) {
            try {
                json = Files.readString(Path.of(value.substring(1)));
            } catch (IOException e) {
                throw new TypeConversionException("cannot read " + value.substring(1) + ": " + e.getMessage());
            }
        }
        List<String> problems = new ArrayList<>();
        FilterRules rules = FilterRules.parse(json, problems);
        if (!problems.isEmpty()) {
            throw new TypeConversionException(String.join("; ", problems));
        }
        return rules;
    }
}
