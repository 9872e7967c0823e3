package dev.sentinelforwarder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.cli.Main;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code bench} emits correct, complete figures; timed targets are checked by running it, not here. */
class BenchTest {
    private static final List<String> FIELDS = List.of("type", "bytes_in_compressed", "bytes_in", "records", "rows",
            "requests", "mean_request_bytes", "max_request_bytes", "cpu_s", "wall_s", "floor_cpu_s", "ratio_to_floor",
            "mb_per_cpu_s", "peak_heap_mb");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(LogType.class)
    void generatesAnInputAndReportsEveryFigureForIt(LogType type) throws Exception {
        Path file = tmp.resolve(type.id() + ".gz");
        assertThat(run("bench", "generate", type.id(), "2", file.toString())).contains("\"records\":");

        JsonNode figures = Json.mapper().readTree(run("bench", "--level", "1", file.toString()));

        assertThat(figures.properties()).extracting(Map.Entry::getKey).containsAll(FIELDS);
        assertThat(figures.get("type").textValue()).isEqualTo(type.id());
        assertThat(figures.get("bytes_in").longValue()).isBetween(2L * 1024 * 1024, 2L * 1024 * 1024 + 20_000);
        assertThat(figures.get("bytes_in_compressed").longValue()).isPositive().isLessThan(figures.get("bytes_in").longValue());
        assertThat(figures.get("rows").longValue()).isEqualTo(figures.get("records").longValue()).isPositive();
        assertThat(figures.get("unreadable").longValue()).isZero();
        assertThat(figures.get("requests").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(figures.get("max_request_bytes").longValue()).isBetween(900_000L, 1_000_000L);
        assertThat(figures.get("cpu_s").doubleValue()).isPositive();
        assertThat(figures.get("floor_cpu_s").doubleValue()).isPositive();
        assertThat(figures.get("ratio_to_floor").doubleValue())
                .isCloseTo(figures.get("cpu_s").doubleValue() / figures.get("floor_cpu_s").doubleValue(),
                        Percentage.withPercentage(10));
        assertThat(figures.get("peak_heap_mb").doubleValue()).isPositive();
    }

    @Test
    void printsOneLinePerRunWithTheSameCounts() throws Exception {
        Path file = tmp.resolve("cloudtrail.gz");
        run("bench", "generate", "cloudtrail", "1", file.toString());

        List<JsonNode> runs = jsonLines(run("bench", "--level", "1", "--runs", "2", file.toString()));

        assertThat(runs).extracting(r -> r.get("run").intValue()).containsExactly(1, 2);
        for (String same : List.of("records", "rows", "requests", "bytes_out_compressed", "max_request_bytes")) {
            assertThat(runs.get(1).get(same)).as(same).isEqualTo(runs.get(0).get(same));
        }
    }

    @Test
    void bothCompressorsInOneRunWithTheFloorOfTheOneUsedAndTheZlibFloorBeside() throws Exception {
        Path file = tmp.resolve("vpcflow.gz");
        run("bench", "generate", "vpcflow", "2", file.toString());

        List<JsonNode> runs = jsonLines(run("bench", "--compressor", "libdeflate,jdk", "--level", "6", file.toString()));

        assertThat(runs).extracting(r -> r.get("compressor").asText()).containsExactly("libdeflate", "jdk");
        assertThat(runs).extracting(r -> r.get("level").intValue()).as("the level given, for both").containsExactly(6, 6);
        JsonNode libdeflate = runs.get(0);
        JsonNode jdk = runs.get(1);
        assertThat(libdeflate.get("rows")).isEqualTo(jdk.get("rows"));
        assertThat(libdeflate.get("bytes_out_compressed").longValue()).as("libdeflate at 6 writes fewer bytes than zlib at 6")
                .isLessThan(jdk.get("bytes_out_compressed").longValue());
        assertThat(libdeflate.get("floor_cpu_s").doubleValue()).as("its floor is its own deflate, cheaper than zlib's")
                .isLessThan(libdeflate.get("zlib_floor_cpu_s").doubleValue());
        assertThat(jdk.get("input_compression").doubleValue()).isBetween(0.1, 0.5);
        assertThat(Json.mapper().readTree(run("bench", file.toString())).get("level").intValue()).as("AWSVPCFlow's own level").isEqualTo(5);
        assertThat(Main.run(new String[] {"bench", "--compressor", "zstd", file.toString()}, System.out, System.err)).isEqualTo(2);
    }

    /** One JSON line per run. */
    private static List<JsonNode> jsonLines(String output) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (String line : output.split("\n")) {
            runs.add(Json.mapper().readTree(line));
        }
        return runs;
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
