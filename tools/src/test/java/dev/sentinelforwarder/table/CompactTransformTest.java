package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.azure.DcrTemplate;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The drift test of the compact streams: every row of every sample object, sent compact, run through the
 * transform text of the generated template (by the test KQL interpreter), is the row full names would send.
 */
class CompactTransformTest {
    private static final Path SAMPLES = Path.of("..", "samples", "objects", "example-log-bucket");

    @Test
    void theGeneratedTransformsMakeOfEveryCompactRowTheFullRow() throws Exception {
        Map<TableSchema, String> transforms = new HashMap<>();
        Map<TableSchema, Map<String, String>> declarations = new HashMap<>();
        JsonNode rule = DcrTemplate.rule();
        for (JsonNode flow : rule.at("/properties/dataFlows")) {
            TableSchema table = Tables.byName(flow.get("outputStream").textValue().substring("Microsoft-".length())).orElseThrow();
            String kql = flow.get("transformKql").textValue();
            // AWSCloudWatch's is an ARM if(): the branch with the custom columns kept, which the samples fill.
            transforms.put(table, kql.startsWith("[if(") ? kql.substring(kql.indexOf(", '") + 3, kql.indexOf("', '")) : kql);
            Map<String, String> columns = new LinkedHashMap<>();
            rule.at("/properties/streamDeclarations").get(flow.at("/streams/0").textValue()).get("columns")
                    .forEach(c -> columns.put(c.get("name").textValue(), c.get("type").textValue()));
            declarations.put(table, columns);
        }
        Map<TableSchema, Integer> compared = new HashMap<>();
        for (Row row : sampleRows()) {
            TableSchema table = row.table();
            JsonNode full = RowTest.write(row, RowFormat.FULL);
            Map<String, Object> output = Kql.run(transforms.get(table),
                    MicrosoftTransformTest.input(declarations.get(table), RowTest.write(row, RowFormat.COMPACT)));
            for (Column column : table.columns()) {
                assertThat(MicrosoftTransformTest.normal(output.get(column.name()), column.type()))
                        .as(table + "." + column.name() + " of " + full)
                        .isEqualTo(MicrosoftTransformTest.normal(full.get(column.name()), column.type()));
            }
            compared.merge(table, 1, Integer::sum);
        }
        assertThat(compared.keySet()).as("every table has sample rows").containsExactlyInAnyOrderElementsOf(Tables.ALL);
        assertThat(compared.get(Tables.AWS_CLOUD_TRAIL)).isEqualTo(22);
    }

    private static List<Row> sampleRows() throws Exception {
        List<Row> rows = new ArrayList<>();
        ObjectConverter converter = new ObjectConverter(true, Limits.DEFAULTS, FilterRules.NONE);
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = SAMPLES.relativize(file).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(file)) {
                    converter.convert("s3://example-log-bucket/" + key, key, in, null, null, Instant.EPOCH, (row, index) -> rows.add(row),
                            problem -> { });
                }
            }
        }
        return rows;
    }
}
