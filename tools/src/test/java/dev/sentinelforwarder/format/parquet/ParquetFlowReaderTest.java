package dev.sentinelforwarder.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sentinelforwarder.bench.ParquetFlowLogWriter;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.sample.LogGenerator;
import dev.sentinelforwarder.source.FileRanges;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.RowJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet flow logs against the same records as text, through the converter the forwarder runs. */
class ParquetFlowReaderTest {
    static final Instant OBJECT_TIME = Instant.parse("2026-12-07T10:05:00Z");
    static final String KEY = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/12/07/123456789012_vpcflowlogs_us-east-1_fl-0abc_20261207T1000Z_1a2b3c4d.log";

    /** Every field AWS writes, NODATA and SKIPDATA records, absent values, IPv6, a reject reason. */
    static final String EVERY_FIELD = """
            version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status \
            vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id \
            pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path ecs-cluster-arn ecs-cluster-name \
            ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name \
            ecs-task-definition-arn ecs-task-arn ecs-task-id reject-reason
            8 123456789012 eni-0a1b2c3d4e5f60001 10.0.1.5 52.94.76.10 49152 443 6 12 5012 1796630400 1796630460 ACCEPT OK \
            vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f60001 19 IPv4 10.0.1.5 52.94.76.10 us-east-1 use1-az1 - - - S3 egress 8 \
            arn:aws:ecs:us-east-1:123456789012:cluster/web web arn:aws:ecs:us-east-1:123456789012:container-instance/web/1 1 \
            c-1 - web-svc arn:aws:ecs:us-east-1:123456789012:task-definition/web:3 arn:aws:ecs:us-east-1:123456789012:task/web/9 9 -
            8 123456789012 eni-0a1b2c3d4e5f60002 2001:db8::1 2001:db8::2 0 0 58 1 72 1796630401 1796630461 REJECT OK \
            vpc-0a1b2c3d subnet-0a1b2c3d - 0 IPv6 2001:db8::1 2001:db8::2 us-east-1 use1-az2 outpost op-0123 - - ingress - - - - \
            - - - - - - - BPA
            8 123456789012 eni-0a1b2c3d4e5f60003 - - - - - - - 1796630402 1796630462 - NODATA - - - - - - - - - - - - - - - - - - \
            - - - - - - - -
            8 123456789012 eni-0a1b2c3d4e5f60004 - - - - - - - 1796630403 1796630463 - SKIPDATA - - - - - - - - - - - - - - - - - \
            - - - - - - - - -
            8 123456789012 eni-0a1b2c3d4e5f60005 10.0.1.6 10.0.2.7 4294 3389 6 4000000000 99999999999 1796630404 1796630464 ACCEPT \
            OK vpc-0a1b2c3d subnet-0a1b2c3d i-0a1b2c3d4e5f60005 2 IPv4 10.0.1.6 10.0.2.7 us-east-1 use1-az1 - - - - ingress 1 - - \
            - - - - - - - - -
            """;

    @TempDir
    Path dir;

    @Test
    void everyFieldGivesTheSameRowsAsText() throws IOException {
        Path text = Files.writeString(dir.resolve("every.log"), EVERY_FIELD);
        Path parquet = dir.resolve("every.log.parquet");
        assertThat(ParquetFlowLogWriter.write(text, parquet, CompressionCodecName.GZIP, 1 << 20, false)).isEqualTo(5);

        Converted fromText = convert(text);
        Converted fromParquet = convert(parquet);

        assertThat(fromParquet.rows).hasSize(5).isEqualTo(fromText.rows);
        assertThat(fromParquet.rows.get(0)).contains("\"EcsTaskId\":\"9\"", "\"TrafficPath\":\"8\"", "\"Start\":\"2026-12-07T08:00:00Z\"");
        // Packets beyond an int: invalid in both, the same way.
        assertThat(fromParquet.report.invalidValues()).isEqualTo(fromText.report.invalidValues()).isEqualTo(1);
        assertThat(fromParquet.report.unmappedFields()).isEqualTo(fromText.report.unmappedFields());
        assertThat(fromParquet.report.unmappedFields()).containsEntry("reject-reason", 5L);
        assertThat(fromParquet.problems).isEmpty();
        assertThat(fromParquet.report.type()).isEqualTo(LogType.VPCFLOW);
    }

    @Test
    void generatedFlowsInManyRowGroupsAndEveryPageKindGiveTheSameRows() throws IOException {
        Path text = dir.resolve("flows.log.gz");
        LogGenerator.generate(LogType.VPCFLOW, 2, text, 11);
        Converted fromText = convert(text);
        assertThat(fromText.rows.size()).isEqualTo(8407);
        for (CompressionCodecName codec : List.of(CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED)) {
            for (boolean v2 : List.of(false, true)) {
                Path parquet = dir.resolve("flows-" + codec + "-" + v2 + ".parquet");
                ParquetFlowLogWriter.write(text, parquet, codec, 256 * 1024, v2);
                Converted fromParquet = convert(parquet);
                assertThat(fromParquet.groups()).as(codec + " v2 " + v2).isGreaterThan(3);
                assertThat(fromParquet.rows).as(codec + " v2 " + v2).isEqualTo(fromText.rows);
                assertThat(fromParquet.problems).isEmpty();
                assertThat(streamed(parquet)).as("every row group streamed a range per column").isEqualTo(fromText.rows);
            }
        }
    }

    @Test
    void resumesByRowNumber() throws IOException {
        Path text = Files.writeString(dir.resolve("every.log"), EVERY_FIELD);
        Path parquet = dir.resolve("every.log.parquet");
        ParquetFlowLogWriter.write(text, parquet, CompressionCodecName.GZIP, 1 << 20, false);
        Converted whole = convert(parquet);

        List<Long> indexes = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(parquet)) {
            ObjectReport report = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert(parquet.toString(), KEY, in,
                    new FileRanges(parquet), null, OBJECT_TIME, (row, index) -> {
                        indexes.add(index);
                        rows.add(json(row));
                    }, problem -> { }, new ObjectConverter.Window(RecordRanges.parse("0-2"), () -> indexes.size() == 2));
            assertThat(report.stoppedAt()).isEqualTo(4);
        }
        assertThat(indexes).containsExactly(2L, 3L);
        assertThat(rows).isEqualTo(whole.rows.subList(2, 4));
    }

    /** The rows of every row group read with a range per column chunk, as a row group too large to fetch whole is. */
    private static List<String> streamed(Path parquet) throws IOException {
        List<String> rows = new ArrayList<>();
        dev.sentinelforwarder.table.VpcFlowMapper mapper = new dev.sentinelforwarder.table.VpcFlowMapper(OBJECT_TIME);
        try (ParquetFlowReader reader = ParquetFlowReader.open(new FileRanges(parquet), 1 << 20, ParquetFlowReader.Settled.NONE, 128L << 20, 0)) {
            for (var read = reader.next(); read != null; read = reader.next()) {
                var record = (dev.sentinelforwarder.format.Read.Record<dev.sentinelforwarder.format.VpcFlowRecord>) read;
                rows.add(json(((dev.sentinelforwarder.table.Mapping.Mapped) mapper.map(record.value())).row()));
            }
        }
        return rows;
    }

    /** Generated flows written as Parquet in row groups of about 128 KB, with the rows their text gives and the footer. */
    record InRowGroups(Path parquet, Converted text, org.apache.parquet.format.FileMetaData footer) {
        static InRowGroups generate(Path dir, int minimumGroups) throws IOException {
            Path gz = dir.resolve("flows.log.gz");
            LogGenerator.generate(LogType.VPCFLOW, 1, gz, 5);
            Path parquet = dir.resolve("flows.log.parquet");
            ParquetFlowLogWriter.write(gz, parquet, CompressionCodecName.GZIP, 128 * 1024, false);
            var footer = dev.sentinelforwarder.bench.ParquetSurgery.footerOf(Files.readAllBytes(parquet));
            assertThat(footer.getRow_groupsSize()).isGreaterThanOrEqualTo(minimumGroups);
            return new InRowGroups(parquet, convert(gz), footer);
        }
    }

    record Converted(ObjectReport report, List<String> rows, List<Problem> problems, Path file) {
        long groups() throws IOException {
            return ParquetFlowReader.open(new FileRanges(file), 1 << 20, ParquetFlowReader.Settled.NONE).groups();
        }
    }

    static Converted convert(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            ObjectReport report = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert(file.toString(), KEY, in,
                    new FileRanges(file), null, OBJECT_TIME, (row, index) -> rows.add(json(row)), problems::add);
            return new Converted(report, rows, problems, file);
        }
    }

    static String json(Row row) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            RowJson.write(row, RowFormat.FULL, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
