package dev.sentinelforwarder.format.parquet;

import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.KEY;
import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.OBJECT_TIME;
import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.convert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.bench.ParquetFlowLogWriter;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.Converted;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.source.FileRanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile Parquet objects: each costs what it must, with a reason that says what is wrong. */
class ParquetBadInputTest {
    @TempDir
    Path dir;
    private Path parquet;
    private Converted text;
    private FileMetaData footer;

    /** Generated flows in several row groups, and the rows their text gives. */
    @BeforeEach
    void flows() throws IOException {
        ParquetFlowReaderTest.InRowGroups flows = ParquetFlowReaderTest.InRowGroups.generate(dir, 3);
        parquet = flows.parquet();
        text = flows.text();
        footer = flows.footer();
    }

    @Test
    void aTruncatedObjectIsRefusedWhole() throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        Converted cut = convert(Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length / 2)));

        assertThat(cut.rows()).isEmpty();
        assertThat(cut.report().error()).contains("does not end with PAR1: truncated, or still being written");
        assertThat(cut.problems()).singleElement().extracting(Problem::kind).isEqualTo(Problem.Kind.OBJECT);
    }

    @Test
    void aFooterThatIsNotThriftOrDoesNotFitIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] garbled = bytes.clone();
        Arrays.fill(garbled, garbled.length - 8 - footerLength, garbled.length - 8, (byte) 0xee);
        assertThat(convert(Files.write(dir.resolve("garbled.parquet"), garbled)).report().error())
                .startsWith("the Parquet footer cannot be read");

        byte[] long_ = bytes.clone();
        ByteBuffer.wrap(long_, long_.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length);
        assertThat(convert(Files.write(dir.resolve("long.parquet"), long_)).report().error())
                .contains("the Parquet footer says it is " + bytes.length + " bytes long, which does not fit");
    }

    @Test
    void aCorruptPageCostsItsRowGroupOnly() throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        RowGroup second = footer.getRow_groups().get(1);
        ColumnMetaData first = second.getColumns().get(0).getMeta_data();
        long at = first.isSetDictionary_page_offset() ? first.getDictionary_page_offset() : first.getData_page_offset();
        Arrays.fill(bytes, (int) at + 20, (int) at + 60, (byte) 0x55); // into the first page's compressed bytes

        Converted damaged = convert(Files.write(dir.resolve("damaged.parquet"), bytes));

        long start = footer.getRow_groups().get(0).getNum_rows();
        long end = start + second.getNum_rows();
        assertThat(damaged.rows()).isEqualTo(without(text.rows(), start, end));
        assertThat(damaged.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(Problem.Kind.UNREADABLE);
            assertThat(problem.recordIndex()).isEqualTo(start);
            assertThat(problem.reason()).contains("row group 2 of " + footer.getRow_groupsSize() + ", rows " + start + " to "
                    + (end - 1) + " (" + (end - start) + " rows) not read: its pages cannot be decoded");
        });
        assertThat(damaged.report().error()).isNull();
    }

    @Test
    void pagesOverTheBoundCostTheirRowGroupsAndTheirTransfersAreLetGo() throws IOException {
        FileRanges ranges = new FileRanges(parquet);
        // Streamed per column (no row group is fetched whole), with room for a few pages only.
        ParquetFlowReader reader = ParquetFlowReader.open(ranges, 1 << 20, ParquetFlowReader.Settled.NONE, 4096, 0);
        List<String> reasons = new ArrayList<>();
        int records = 0;
        for (var read = reader.next(); read != null; read = reader.next()) {
            if (read instanceof dev.sentinelforwarder.format.Read.Unreadable<?> bad) {
                reasons.add(bad.reason());
            } else {
                records++;
            }
        }
        reader.close();

        assertThat(records).isZero();
        assertThat(reasons).hasSize(footer.getRow_groupsSize()).allSatisfy(reason -> assertThat(reason)
                .contains("its pages cannot be decoded").contains("more than 4096 (write smaller pages)"));
        assertThat(ranges.fetched()).as("each column's range is read only as far as its pages were").isLessThan(Files.size(parquet) / 2);
    }

    @Test
    void rowCountsTheBytesCannotHoldAndCodecsItDoesNotReadCostTheirRowGroups() throws IOException {
        Path bomb = rewrite("bomb.parquet", meta -> {
            RowGroup group = meta.getRow_groups().get(0);
            long rows = 1L << 40;
            group.setNum_rows(rows);
            group.getColumns().forEach(chunk -> chunk.getMeta_data().setNum_values(rows));
            meta.getRow_groups().get(2).getColumns().get(5).getMeta_data().setCodec(CompressionCodec.ZSTD);
        });

        Converted converted = convert(bomb);

        assertThat(converted.problems()).hasSize(2);
        assertThat(converted.problems().get(0).reason()).contains("rows 0 to " + ((1L << 40) - 1)).contains("more than 1000 per byte");
        assertThat(converted.problems().get(1).reason()).contains("column " + footer.getSchema().get(6).getName()
                + " is compressed with ZSTD; the forwarder reads GZIP, which AWS writes, and uncompressed pages");
        long rows = footer.getRow_groups().stream().mapToLong(RowGroup::getNum_rows).sum();
        long third = footer.getRow_groups().get(0).getNum_rows() + footer.getRow_groups().get(1).getNum_rows();
        assertThat(converted.rows()).hasSize((int) (rows - footer.getRow_groups().get(0).getNum_rows()
                - footer.getRow_groups().get(2).getNum_rows()));
        assertThat(converted.rows().get(0)).isEqualTo(text.rows().get((int) footer.getRow_groups().get(0).getNum_rows()));
        assertThat(converted.rows()).doesNotContain(text.rows().get((int) third));
    }

    @Test
    void chunksOutsideTheDataOrNotMatchingTheSchemaCostTheirRowGroups() throws IOException {
        Path outside = rewrite("outside.parquet", meta -> {
            meta.getRow_groups().get(0).getColumns().get(0).getMeta_data().setData_page_offset(1L << 40);
            meta.getRow_groups().get(1).getColumns().get(1).getMeta_data().setPath_in_schema(List.of("srcaddr"));
        });

        List<Problem> problems = convert(outside).problems();

        assertThat(problems).extracting(Problem::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("lies outside the object's data"),
                reason -> assertThat(reason).contains("its chunk 1 is of column [srcaddr], not account_id"));
    }

    /** Bytes flipped anywhere, footer included: whatever breaks is reported, nothing escapes, nothing is made up. */
    @Test
    void flippedBytesAnywhereNeverEscapeTheConverter() throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        java.util.Set<String> textRows = new java.util.HashSet<>(text.rows());
        java.util.SplittableRandom random = new java.util.SplittableRandom(28);
        int damagedObjects = 0;
        for (int round = 0; round < 150; round++) {
            byte[] flipped = bytes.clone();
            boolean inFooter = round % 3 == 0;
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                int at = inFooter ? flipped.length - 9 - random.nextInt(Math.min(2000, flipped.length - 12)) : 4 + random.nextInt(flipped.length - 12);
                flipped[at] ^= (byte) (1 + random.nextInt(255));
            }
            Converted converted = convert(Files.write(dir.resolve("flipped.parquet"), flipped));
            if (converted.report().error() != null || !converted.problems().isEmpty()) {
                damagedObjects++;
            }
            assertThat(converted.rows().size() + converted.report().unreadable()).isLessThanOrEqualTo(text.rows().size());
            assertThat(converted.rows().stream().filter(row -> !textRows.contains(row)).count())
                    .as("rows that differ from the text's come only from flipped values in uncompressed bytes").isZero();
        }
        assertThat(damagedObjects).isGreaterThan(100);
    }

    @Test
    void unknownAndMissingColumnsReadAsTheTextFormatReadsThem() throws IOException {
        String subset = """
                interface-id start end color log-status
                eni-1 1796630400 1796630460 blue OK
                eni-2 1796630401 1796630461 - NODATA
                """;
        Path textFile = Files.writeString(dir.resolve("subset.log"), subset);
        Path subsetParquet = dir.resolve("subset.parquet");
        ParquetFlowLogWriter.write(textFile, subsetParquet, CompressionCodecName.GZIP, 1 << 20, false);

        Converted fromText = convert(textFile);
        Converted fromParquet = convert(subsetParquet);

        assertThat(fromParquet.rows()).hasSize(2).isEqualTo(fromText.rows());
        assertThat(fromParquet.report().unmappedFields()).isEqualTo(fromText.report().unmappedFields()).containsEntry("color", 2L);
    }

    @Test
    void parquetOfAnotherKindIsRefusedWithItsColumns() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required binary name (STRING); required int32 size; }");
        Path other = dir.resolve("other.parquet");
        try (var writer = ExampleParquetWriter.builder(new LocalOutputFile(other)).withConf(new PlainParquetConfiguration())
                .withType(schema).withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            writer.write(new SimpleGroupFactory(schema).newGroup().append("name", "a").append("size", 1));
        }

        assertThat(convert(other).report().error()).startsWith("the Parquet object's columns (name, size) are none of a VPC flow log's fields");
    }

    @Test
    void anEmptyObjectHasNoRowsAndNoProblem() throws IOException {
        Path empty = rewrite("empty.parquet", meta -> {
            meta.setRow_groups(new ArrayList<>());
            meta.setNum_rows(0);
        });

        Converted converted = convert(empty);

        assertThat(converted.rows()).isEmpty();
        assertThat(converted.problems()).isEmpty();
        assertThat(converted.report().error()).isNull();
    }

    @Test
    void parquetWhereItCannotBeReadSaysWhatToDo() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            Files.copy(parquet, gzip);
        }
        Path gz = Files.write(dir.resolve("flows.parquet.gz"), gzipped.toByteArray());
        assertThat(convert(gz).report().error()).contains("a Parquet object inside gzip");

        List<Problem> problems = new ArrayList<>();
        ObjectConverter converter = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE);
        try (InputStream in = Files.newInputStream(parquet)) {
            String trail = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/12/07/123456789012_CloudTrail_us-east-1_20261207T1000Z_x.json.gz";
            assertThat(converter.convert(parquet.toString(), trail, in, new FileRanges(parquet), null, OBJECT_TIME, (row, index) -> { },
                    problems::add).error()).startsWith("the content is Parquet, which the forwarder reads only as VPC flow logs, not"
                            + " cloudtrail as the key says (set a routing rule or --type vpcflow");
        }
        try (InputStream in = Files.newInputStream(parquet)) {
            assertThat(converter.convert(parquet.toString(), KEY, in, null, null, OBJECT_TIME, (row, index) -> { }, problems::add)
                    .error()).startsWith("a Parquet object is read from its footer, by range; this one came as a stream only");
        }
    }

    private Converted convertReading(Path file, FileRanges ranges) throws IOException {
        List<String> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            ObjectReport report = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert(file.toString(), KEY, in,
                    ranges, null, OBJECT_TIME, (row, index) -> rows.add(ParquetFlowReaderTest.json(row)), problems::add);
            return new Converted(report, rows, problems, file);
        }
    }

    /** The object with its footer changed: the same data, the footer written again after it. */
    private Path rewrite(String name, Consumer<FileMetaData> change) throws IOException {
        byte[] bytes = Files.readAllBytes(parquet);
        int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        FileMetaData meta = dev.sentinelforwarder.bench.ParquetSurgery.footerOf(bytes);
        change.accept(meta);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, bytes.length - 8 - footerLength);
        ByteArrayOutputStream newFooter = new ByteArrayOutputStream();
        Util.writeFileMetaData(meta, newFooter);
        newFooter.writeTo(out);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newFooter.size()).array());
        out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Files.write(dir.resolve(name), out.toByteArray());
    }


    private static long span(RowGroup group) {
        return group.getColumns().stream().mapToLong(c -> c.getMeta_data().getTotal_compressed_size()).sum();
    }

    private static List<String> without(List<String> rows, long start, long end) {
        List<String> kept = new ArrayList<>(rows.subList(0, (int) start));
        kept.addAll(rows.subList((int) end, rows.size()));
        return kept;
    }
}
