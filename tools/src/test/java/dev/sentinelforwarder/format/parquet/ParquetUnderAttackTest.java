package dev.sentinelforwarder.format.parquet;

import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.KEY;
import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.OBJECT_TIME;
import static dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.convert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.bench.ParquetFlowLogWriter;
import dev.sentinelforwarder.bench.ParquetSurgery;
import dev.sentinelforwarder.cli.Main;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.format.parquet.ParquetFlowReaderTest.Converted;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.FileRanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet objects whose own descriptions lie, written page by page ({@link ParquetSurgery}) so every offset still points
 * where it should: pages and dictionaries that claim gigabytes, strings longer than a row may hold, logical types that
 * change what a number means, footers that claim more or fewer rows than the pages hold, and ten thousand row groups
 * read in many attempts. Each costs its own row groups or rows with a reason, never the memory of the function, and a
 * resume starts at the first unfinished row group.
 */
class ParquetUnderAttackTest {
    @TempDir
    Path dir;
    private Path parquet;
    private Converted text;
    private FileMetaData footer;

    @BeforeEach
    void flows() throws IOException {
        ParquetFlowReaderTest.InRowGroups flows = ParquetFlowReaderTest.InRowGroups.generate(dir, 4);
        parquet = flows.parquet();
        text = flows.text();
        footer = flows.footer();
    }

    @Test
    void pagesAndDictionariesThatClaimGigabytesCostOnlyTheirRowGroupsInA256MbHeap() throws Exception {
        int stringColumn = stringColumnWithDictionary();
        byte[] bomb = ParquetSurgery.rebuild(Files.readAllBytes(parquet), 1, (group, column, page) -> {
            PageHeader header = page.header().deepCopy();
            if (group == 0 && column == 0 && header.getType() != PageType.DICTIONARY_PAGE) {
                header.setUncompressed_page_size(Integer.MAX_VALUE); // a 2 GB page in a few kilobytes
            } else if (group == 1 && column == stringColumn && header.getType() == PageType.DICTIONARY_PAGE) {
                header.getDictionary_page_header().setNum_values(1 << 30);
            } else if (group == 2 && column == stringColumn && header.getType() == PageType.DICTIONARY_PAGE) {
                return manyShortEntries(header, 2_000_000); // real: two million strings of a few bytes each
            }
            return new ParquetSurgery.Page(header, page.body());
        }, meta -> { });
        Path file = Files.write(dir.resolve("bomb.log.parquet"), bomb);

        Converted converted = convert(file);

        long[] groupStarts = groupStarts();
        assertThat(converted.problems()).extracting(Problem::recordIndex, Problem::endIndex).containsExactly(
                org.assertj.core.groups.Tuple.tuple(groupStarts[0], groupStarts[1]),
                org.assertj.core.groups.Tuple.tuple(groupStarts[1], groupStarts[2]),
                org.assertj.core.groups.Tuple.tuple(groupStarts[2], groupStarts[3]));
        assertThat(converted.problems().get(0).reason()).contains("would make the row group's pages in memory")
                .contains("more than " + RowGroupPages.MAX_PAGE_BYTES);
        assertThat(converted.problems().get(1).reason()).contains("a dictionary says it holds 1073741824 entries");
        assertThat(converted.problems().get(2).reason()).contains("its dictionary of 2000000 entries would make the row group's"
                + " pages in memory");
        assertThat(converted.rows()).as("the other row groups, as their text").isEqualTo(text.rows().subList((int) groupStarts[3],
                text.rows().size()));
        assertThat(converted.report().unreadable()).as("each lost row counted, not each row group")
                .isEqualTo(groupStarts[3]);

        // The same object through the command a user runs, in a JVM of 256 MB: no OutOfMemoryError, the good rows out.
        Path out = dir.resolve("out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "convert", "--out", out.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isEqualTo(1); // exit 1: the file was not read completely
        assertThat(output).doesNotContain("OutOfMemoryError").contains("unreadable " + groupStarts[3]);
        assertThat(Files.readAllLines(out.resolve("AWSVPCFlow.ndjson"))).hasSize(text.rows().size() - (int) groupStarts[3]);
    }

    @Test
    void aStringLongerThanARowMayHoldIsNeverMadeAndCostsItsRowOnly() throws IOException {
        String flows = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1796630400 1796630460 ACCEPT OK\n"
                + "2 123456789012 eni-" + "x".repeat(5_000) + " 10.0.0.1 10.0.0.2 1 2 6 1 40 1796630400 1796630460 ACCEPT OK\n"
                + "2 123456789012 eni-3 10.0.0.1 10.0.0.2 1 2 6 1 40 1796630400 1796630460 ACCEPT OK\n";
        Path textFile = Files.writeString(dir.resolve("long.log"), flows);
        Path file = dir.resolve("long.log.parquet");
        ParquetFlowLogWriter.write(textFile, file, CompressionCodecName.GZIP, 1 << 20, false);
        Limits limits = new Limits(Limits.DEFAULTS.maxDecompressedBytes(), Limits.DEFAULTS.maxCompressionRatio(), 4_096,
                Limits.DEFAULTS.maxJsonDepth());

        List<Problem> problems = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new ObjectConverter(false, limits, FilterRules.NONE).convert(file.toString(), KEY, in, new FileRanges(file), null,
                    OBJECT_TIME, (row, index) -> rows.add(ParquetFlowReaderTest.json(row)), problems::add);
        }

        assertThat(rows).hasSize(2);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.recordIndex()).isEqualTo(1);
            assertThat(problem.reason()).isEqualTo("row 1 holds a value of 5004 bytes in column interface_id, more than the 4096"
                    + " characters a row may hold");
        });
    }

    @Test
    void logicalTypesAreHonouredWhereTheValueIsExactAndRefusedWhereNot() throws IOException {
        String flows = "version account-id interface-id srcport start end bytes log-status\n"
                + "2 123456789012 eni-1 3000000000 1796630400 1796630460 18446744073709551615 OK\n"
                + "2 123456789012 eni-2 443 1796630401 1796630461 9000 OK\n";
        Converted fromText = convert(Files.writeString(dir.resolve("typed.log"), flows));
        MessageType schema = MessageTypeParser.parseMessageType("""
                message flow {
                  required int32 version (INTEGER(8,true));
                  required binary account_id (STRING);
                  required binary interface_id (STRING);
                  required int32 srcport (INTEGER(32,false));
                  required int64 start (TIMESTAMP(MILLIS,true));
                  required int64 end (TIMESTAMP(MICROS,true));
                  required int64 bytes (INTEGER(64,false));
                  required binary log_status (ENUM);
                }""");
        Path typed = write("typed.parquet", schema, List.of(
                group(schema).append("version", 2).append("account_id", "123456789012").append("interface_id", "eni-1")
                        .append("srcport", (int) 3_000_000_000L).append("start", 1_796_630_400_000L).append("end", 1_796_630_460_000_000L)
                        .append("bytes", -1L).append("log_status", "OK"),
                group(schema).append("version", 2).append("account_id", "123456789012").append("interface_id", "eni-2")
                        .append("srcport", 443).append("start", 1_796_630_401_999L).append("end", 1_796_630_461_000_001L)
                        .append("bytes", 9000L).append("log_status", "OK")));

        Converted fromParquet = convert(typed);

        assertThat(fromParquet.rows()).isEqualTo(fromText.rows());
        assertThat(fromParquet.report().invalidValues()).as("an unsigned port above an int and 2^64-1 bytes: invalid as in text")
                .isEqualTo(fromText.report().invalidValues()).isEqualTo(2);

        for (String column : List.of("required int64 packets (DECIMAL(12,2));", "required int32 start (DATE);",
                "required int64 start (TIME(MICROS,true));")) {
            MessageType refused = MessageTypeParser.parseMessageType("message flow { required binary interface_id (STRING); " + column + " }");
            String name = column.split(" ")[2];
            Group row = group(refused).append("interface_id", "eni-1");
            if (column.contains("int32")) {
                row.append(name, 1);
            } else {
                row.append(name, 1L);
            }
            assertThat(convert(write("refused-" + name + "-" + column.hashCode() + ".parquet", refused, List.of(row))).report().error()).as(column)
                    .startsWith("the Parquet column '" + name + "' is ").contains("which no flow log field is");
        }
    }

    @Test
    void footerRowCountsAreCheckedAgainstThePages() throws IOException {
        long[] starts = groupStarts();
        long rows = footer.getRow_groups().get(1).getNum_rows();
        byte[] bytes = Files.readAllBytes(parquet);

        Converted fewer = convert(Files.write(dir.resolve("fewer.parquet"), ParquetSurgery.rebuild(bytes, 1, ParquetSurgery.PageEdit.NONE,
                meta -> setRows(meta.getRow_groups().get(1), rows - 1))));
        long last = starts[1] + rows - 2; // the last row the footer names for the second row group
        assertThat(fewer.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.recordIndex()).isEqualTo(last);
            assertThat(problem.reason()).contains("pages hold " + rows + " values, more than the " + (rows - 1) + " rows the footer names")
                    .contains("what follows its row " + last + " is not read, and that row is kept here");
            assertThat(problem.content()).as("the row, as text, in the quarantine").contains(" eni-").contains(" ACCEPT ");
        });
        assertThat(fewer.rows()).hasSize(text.rows().size() - 2);

        Converted more = convert(Files.write(dir.resolve("more.parquet"), ParquetSurgery.rebuild(bytes, 1, ParquetSurgery.PageEdit.NONE,
                meta -> setRows(meta.getRow_groups().get(1), rows + 1))));
        assertThat(more.rows()).as("every real row").isEqualTo(text.rows());
        assertThat(more.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.recordIndex()).isEqualTo(starts[1] + rows);
            assertThat(problem.endIndex()).isEqualTo(starts[1] + rows + 1);
            assertThat(problem.reason()).contains("pages hold " + rows + " values, fewer than the " + (rows + 1) + " rows the footer names")
                    .doesNotContain("NullPointerException");
        });
    }

    @Test
    void tenThousandRowGroupsResumeStraightToTheFirstUnfinishedOne() throws IOException {
        String flows = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                + "2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1796630400 1796630460 ACCEPT OK\n".repeat(5);
        Path one = dir.resolve("one.parquet");
        ParquetFlowLogWriter.write(Files.writeString(dir.resolve("one.log"), flows), one, CompressionCodecName.GZIP, 1 << 20, false);
        Path file = Files.write(dir.resolve("many.log.parquet"), ParquetSurgery.rebuild(Files.readAllBytes(one), 10_000,
                ParquetSurgery.PageEdit.NONE, meta -> { }));
        assertThat(ParquetSurgery.footerOf(Files.readAllBytes(file)).getRow_groupsSize()).isEqualTo(10_000);

        byte[] bytes = Files.readAllBytes(file);
        long footerBytes = 8 + ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        long dataBytes = bytes.length - footerBytes;
        RecordRanges done = RecordRanges.NONE;
        Set<Long> seen = new HashSet<>();
        List<Long> fetchedPerAttempt = new ArrayList<>();
        int attempts = 0;
        while (done.count() < 50_000 && attempts < 20) {
            attempts++;
            CountingRanges ranges = new CountingRanges(new FileRanges(file));
            List<Long> indexes = new ArrayList<>();
            ObjectReport report;
            try (InputStream in = Files.newInputStream(file)) {
                report = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE).convert(file.toString(), KEY, in, ranges, null,
                        OBJECT_TIME, (row, index) -> indexes.add(index), problem -> { },
                        new ObjectConverter.Window(done, () -> indexes.size() >= 5_000));
            }
            assertThat(indexes).as("attempt %d sends only rows not sent before", attempts).allSatisfy(i -> assertThat(seen.add(i)).isTrue());
            long end = report.stoppedAt() < 0 ? 50_000 : report.stoppedAt();
            done = done.union(RecordRanges.before(end));
            fetchedPerAttempt.add(ranges.fetched());
            assertThat(ranges.opened()).as("attempt %d: the footer, and its rows' row groups in a few ranges", attempts)
                    .isLessThanOrEqualTo(8);
            assertThat(ranges.fetched() - footerBytes).as("attempt %d: its own tenth of the data, and what it fetched ahead", attempts)
                    .isLessThan(dataBytes / 10 + 2 * ParquetFlowReader.READ_AHEAD_BYTES);
            assertThat(report.passedForResume()).isEqualTo(5_000L * (attempts - 1));
        }
        assertThat(attempts).as("the invocations its size needs: 5,000 rows each").isEqualTo(10);
        assertThat(seen).hasSize(50_000);
        assertThat(fetchedPerAttempt.stream().mapToLong(f -> f - footerBytes).sum()).as("no attempt fetched what an earlier one settled")
                .isLessThan(dataBytes + 10 * ParquetFlowReader.READ_AHEAD_BYTES);
    }

    /** Counts the ranges opened, as a GetObject each on S3. */
    private static final class CountingRanges implements dev.sentinelforwarder.source.ObjectRanges {
        private final FileRanges ranges;
        private int opened;

        CountingRanges(FileRanges ranges) {
            this.ranges = ranges;
        }

        @Override
        public long length() {
            return ranges.length();
        }

        @Override
        public InputStream open(long from, long length) throws IOException {
            opened++;
            return ranges.open(from, length);
        }

        @Override
        public long fetched() {
            return ranges.fetched();
        }

        int opened() {
            return opened;
        }
    }

    private static void setRows(RowGroup group, long rows) {
        group.setNum_rows(rows);
        group.getColumns().forEach(chunk -> chunk.getMeta_data().setNum_values(rows));
    }

    /** Each row group's first row, and one past the last row group's. */
    private long[] groupStarts() {
        long[] starts = new long[footer.getRow_groupsSize() + 1];
        for (int g = 0; g < footer.getRow_groupsSize(); g++) {
            starts[g + 1] = starts[g] + footer.getRow_groups().get(g).getNum_rows();
        }
        return starts;
    }

    /** A string column whose chunks in the first three row groups start with a dictionary page. */
    private int stringColumnWithDictionary() {
        for (int c = 0; c < footer.getSchema().size() - 1; c++) {
            int column = c;
            if (footer.getSchema().get(c + 1).getType() == org.apache.parquet.format.Type.BYTE_ARRAY
                    && footer.getRow_groups().subList(0, 3).stream().allMatch(g -> g.getColumns().get(column).getMeta_data()
                            .isSetDictionary_page_offset())) {
                return c;
            }
        }
        throw new AssertionError("no string column with dictionaries");
    }

    /** A real dictionary page of {@code entries} distinct short strings, GZIP as the file's. */
    private static ParquetSurgery.Page manyShortEntries(PageHeader header, int entries) throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < entries; i++) {
            byte[] value = Integer.toString(i, 36).getBytes(StandardCharsets.US_ASCII);
            plain.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value.length).array());
            plain.write(value);
        }
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            plain.writeTo(out);
        }
        PageHeader edited = header.deepCopy();
        edited.setUncompressed_page_size(plain.size());
        edited.setCompressed_page_size(gzip.size());
        edited.unsetCrc();
        edited.getDictionary_page_header().setNum_values(entries);
        return new ParquetSurgery.Page(edited, gzip.toByteArray());
    }

    private static Group group(MessageType schema) {
        return new SimpleGroupFactory(schema).newGroup();
    }

    private Path write(String name, MessageType schema, List<Group> rows) throws IOException {
        Path file = dir.resolve(name);
        try (var writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            for (Group row : rows) {
                writer.write(row);
            }
        }
        return file;
    }
}
