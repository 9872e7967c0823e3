package dev.sentinelforwarder.format.parquet;

import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.convert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.Converted;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parquet written by DuckDB's own writer (src/test/resources/parquet/README.md) gives the rows its text gives. */
class OtherWritersTest {
    private static final Path FILES = Path.of("src", "test", "resources", "parquet");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"duckdb-every-field.log.parquet, every-field.log, 5, 1", "duckdb-flows.log.parquet, flows.log.gz, 4100, 3"})
    void duckDbsParquetGivesTheTextsRows(String parquet, String text, int rows, int groups) throws IOException {
        Converted fromText = convert(FILES.resolve(text));
        Converted fromParquet = convert(FILES.resolve(parquet));

        assertThat(fromParquet.groups()).isEqualTo(groups);
        assertThat(fromParquet.rows()).hasSize(rows).isEqualTo(fromText.rows());
        assertThat(fromParquet.problems()).isEmpty();
        assertThat(fromParquet.report().unmappedFields()).isEqualTo(fromText.report().unmappedFields());
        assertThat(fromParquet.report().invalidValues()).isEqualTo(fromText.report().invalidValues());
    }
}
