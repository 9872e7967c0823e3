package dev.sentinelforwarder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sentinelforwarder.options.StackOption;
import dev.sentinelforwarder.options.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The options are declared once (StackOptions): the README's table of them is that declaration, row for row, and each
 * SAM parameter that means the same takes the same values with the same default.
 */
class StackOptionsDocumentedTest {
    private static final String START = "<!-- stack options: generated from StackOptions, held equal by StackOptionsDocumentedTest -->";

    @Test
    void theReadmesTableIsTheDeclaration() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int start = readme.indexOf(START);
        assertThat(start).as("the README's marker " + START).isNotNegative();
        List<String> table = new ArrayList<>();
        for (int i = start + 1; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            table.add(readme.get(i));
        }
        assertThat(String.join("\n", table)).isEqualTo(String.join("\n", rows()));
    }

    @Test
    void eachSamParameterTakesWhatItsOptionTakes() throws Exception {
        JsonNode parameters = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "template.yaml").toFile()).get("Parameters");
        List<StackOption> shared = StackOptions.ALL.stream().filter(o -> o.samParameter() != null).toList();
        assertThat(shared).extracting(StackOption::samParameter).contains("RowFormat", "OtherAccountRows", "Architecture", "FilterRules");
        for (StackOption option : shared) {
            JsonNode parameter = parameters.get(option.samParameter());
            assertThat(parameter).as(option.samParameter() + " in template.yaml").isNotNull();
            assertThat(parameter.path("Default").asText()).as(option.samParameter() + "'s default").isEqualTo(option.defaultValue());
            if (option.kind() == StackOption.Kind.CHOICE) {
                List<String> allowed = new ArrayList<>();
                parameter.path("AllowedValues").forEach(v -> allowed.add(v.asText()));
                assertThat(allowed).as(option.samParameter() + "'s AllowedValues").isEqualTo(option.values());
            }
        }
    }

    /** The README's table, as the declaration gives it. */
    static List<String> rows() {
        List<String> rows = new ArrayList<>(List.of("| option | takes | default | what it does | SAM parameter |", "|---|---|---|---|---|"));
        for (StackOption option : StackOptions.ALL) {
            if (option.setBy() == StackOption.SetBy.USER) {
                rows.add("| `" + option.name() + "` | " + option.takes() + " | " + (option.defaultValue().isEmpty() ? "none" : "`"
                        + option.defaultValue() + "`") + " | " + option.meaning() + " | "
                        + (option.samParameter() == null ? "" : "`" + option.samParameter() + "`") + " |");
            }
        }
        return rows;
    }
}
