package dev.sentinelforwarder.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helper: an object through the whole converter (detection by key and content, reader, mapper), its rows as JSON. */
final class SampleRows {
    static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");

    final ObjectReport report;
    final List<Row> rows = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    private SampleRows(String key, InputStream content) throws IOException {
        try (content) {
            report = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert("s3://bucket/" + key, key, content, null, null,
                    OBJECT_TIME, (row, index) -> rows.add(row), problems::add);
        }
    }

    /** A test resource under {@code third-party/}, read as if it were stored under {@code key}. */
    static SampleRows resource(String path, String key) throws IOException {
        InputStream in = SampleRows.class.getResourceAsStream("/third-party/" + path);
        if (in == null) {
            throw new IllegalArgumentException("no test resource third-party/" + path);
        }
        return new SampleRows(key, in);
    }

    static SampleRows text(String key, String text) throws IOException {
        return new SampleRows(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The rows of {@code table} as the JSON the ingestion API receives, each checked against the table's schema. */
    List<JsonNode> json(TableSchema table) {
        List<JsonNode> out = new ArrayList<>();
        for (Row row : rows) {
            if (row.table() == table) {
                try {
                    JsonNode json = RowTest.write(row);
                    List<String> wrong = SchemaConformance.problems(table, json);
                    if (!wrong.isEmpty()) {
                        throw new AssertionError(table + " row does not conform: " + wrong + "\n" + json);
                    }
                    out.add(json);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
