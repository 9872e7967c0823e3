package dev.sentinelforwarder.format.parquet;

import dev.sentinelforwarder.format.Read;
import dev.sentinelforwarder.format.RecordReader;
import dev.sentinelforwarder.format.VpcFlowHeader;
import dev.sentinelforwarder.format.VpcFlowRecord;
import dev.sentinelforwarder.source.ObjectRanges;
import dev.sentinelforwarder.source.ObjectReadException;
import dev.sentinelforwarder.source.UnreadableInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads VPC Flow Logs delivered as Parquet ({@code FileFormat=parquet}) into the same records as the text format: a
 * column per field, named as the field with {@code _} for {@code -}, in the flow log's order; a null is the text's
 * {@code -} and a number its digits, so {@link dev.sentinelforwarder.table.VpcFlowMapper} maps both alike.
 *
 * <p>The footer is read first (two ranges from the end), then each row group: one of at most {@link #WHOLE_GROUP_BYTES}
 * in one range, held while its rows are read; a larger one with a range per column chunk, streamed a page at a time,
 * so memory is bounded by pages ({@link RowGroupPages#MAX_PAGE_BYTES}), not by the row group or the object. A row group
 * that cannot be read (its pages corrupt or too large, its description impossible) costs its own rows, reported as one
 * unreadable entry spanning them, and reading goes on with the next; a failed transfer is thrown, to be read again. A
 * record's index is its row number in the object, its line that number plus one. Small row groups next to each other
 * are fetched together, about {@link #READ_AHEAD_BYTES} a range; a row group whose rows an earlier attempt settled
 * is passed over by the footer's row counts, without being fetched.
 */
public final class ParquetFlowReader implements RecordReader<VpcFlowRecord> {
    /**
     * Row groups up to this size are fetched in one range and held (flow logs delivered every few minutes are small);
     * larger ones are streamed per column, a request each.
     */
    static final long WHOLE_GROUP_BYTES = 8L * 1024 * 1024;
    /**
     * How far beyond a small row group the same range reaches, taking the row groups that follow: thousands of small
     * row groups cost a request per megabyte, not one each, and an attempt that stops early fetched little for nothing.
     */
    static final long READ_AHEAD_BYTES = 1024 * 1024;
    /** Most columns: a flow log has at most 40 fields; each column of a large row group is a request of its own. */
    static final int MAX_COLUMNS = 100;
    /**
     * Most rows per byte of a row group's chunks, as the text formats' most decompressed bytes per compressed byte: a
     * flow log's addresses and ports take bytes per row; a run-length encoding of billions of nulls does not.
     */
    static final long MAX_ROWS_PER_BYTE = 1000;
    /** Largest footer read: a flow log's is a few kilobytes per row group. */
    static final int MAX_FOOTER_BYTES = 16 * 1024 * 1024;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** Which rows an earlier attempt settled: a row group wholly among them is passed over. */
    @FunctionalInterface
    public interface Settled {
        Settled NONE = (from, to) -> false;

        /** True when every row of {@code [from, to)} is settled. */
        boolean all(long from, long to);
    }

    private final ObjectRanges ranges;
    private final int maxRowCharacters;
    private final Settled done;
    private final long maxPageBytes;
    private final long wholeGroupBytes;
    private final FileMetaData footer;
    private final MessageType schema;
    private final VpcFlowHeader header;
    private final ColumnDescriptor[] columns;
    private final Field[] fields;
    private int group = -1;
    private long groupEnd;
    private long row;
    private RowGroupPages pages;
    private ColumnReader[] readers;
    private long decompressed;
    private long passedOver;
    /** Why the current row group cannot be read past the row just returned, or null. */
    private String broken;
    /** Bytes fetched ahead for the row groups that follow the current one, from {@link #fetchedFrom}. */
    private byte[] fetched;
    private long fetchedFrom;

    private ParquetFlowReader(ObjectRanges ranges, int maxRowCharacters, Settled done, long maxPageBytes, long wholeGroupBytes,
            FileMetaData footer) throws UnreadableInputException {
        this.ranges = ranges;
        this.maxRowCharacters = maxRowCharacters;
        this.done = done;
        this.maxPageBytes = maxPageBytes;
        this.wholeGroupBytes = wholeGroupBytes;
        this.footer = footer;
        List<SchemaElement> elements = footer.getSchema();
        if (elements == null || elements.isEmpty() || elements.get(0).getNum_children() != elements.size() - 1) {
            throw new UnreadableInputException("the Parquet schema is not one flat list of columns, as a flow log's is");
        }
        if (elements.size() - 1 > MAX_COLUMNS) {
            throw new UnreadableInputException("the Parquet object has " + (elements.size() - 1) + " columns, more than the "
                    + MAX_COLUMNS + " read (a flow log has at most 40)");
        }
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        fields = new Field[elements.size() - 1];
        columns = new ColumnDescriptor[fields.length];
        for (int i = 0; i < fields.length; i++) {
            SchemaElement element = elements.get(i + 1);
            PrimitiveType type = primitive(element);
            types.add(type);
            names.add(element.getName().replace('_', '-'));
            fields[i] = new Field(type.getPrimitiveTypeName(), ColumnKind.of(element), maxRowCharacters);
            columns[i] = new ColumnDescriptor(new String[] {element.getName()}, type, 0,
                    type.getRepetition() == Type.Repetition.OPTIONAL ? 1 : 0);
        }
        if (names.stream().noneMatch(VpcFlowHeader.KNOWN_FIELDS::contains)) {
            throw new UnreadableInputException("the Parquet object's columns (" + String.join(", ", names.subList(0, Math.min(10,
                    names.size()))) + ") are none of a VPC flow log's fields");
        }
        schema = new MessageType("schema", types);
        header = new VpcFlowHeader(names);
    }

    /**
     * Opens the object whose first bytes are Parquet's magic: reads and checks its footer.
     *
     * @param maxRowCharacters most characters of one row's values, as the text format's longest line
     * @param done the rows an earlier attempt settled: row groups wholly among them are not fetched
     * @throws UnreadableInputException when the object is not a Parquet flow log it can read (truncated, another schema,
     *     encrypted, a codec it does not read)
     */
    public static ParquetFlowReader open(ObjectRanges ranges, int maxRowCharacters, Settled done) throws IOException {
        return open(ranges, maxRowCharacters, done, RowGroupPages.MAX_PAGE_BYTES, WHOLE_GROUP_BYTES);
    }

    /**
     * @param maxPageBytes most bytes of pages a row group's columns hold at once
     * @param wholeGroupBytes largest row group fetched in one range
     */
    static ParquetFlowReader open(ObjectRanges ranges, int maxRowCharacters, Settled done, long maxPageBytes,
            long wholeGroupBytes) throws IOException {
        long length = ranges.length();
        if (length < 12) {
            throw new UnreadableInputException("a Parquet object of " + length + " bytes is too short to hold a footer: truncated");
        }
        byte[] tail = ranges.read(length - 8, 8);
        if (!Arrays.equals(tail, 4, 8, MAGIC, 0, 4)) {
            throw new UnreadableInputException("the Parquet object does not end with PAR1" + (Arrays.equals(tail, 4, 8,
                    "PARE".getBytes(StandardCharsets.US_ASCII), 0, 4) ? ": its footer is encrypted, which the forwarder does not read"
                            : ": truncated, or still being written"));
        }
        long footerLength = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16 | (tail[3] & 0xffL) << 24;
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > MAX_FOOTER_BYTES) {
            throw new UnreadableInputException("the Parquet footer says it is " + footerLength + " bytes long, which does not fit"
                    + " in the object's " + length + " bytes" + (footerLength > MAX_FOOTER_BYTES ? " or the bound of "
                            + MAX_FOOTER_BYTES + " bytes" : ""));
        }
        byte[] bytes = ranges.read(length - 8 - footerLength, (int) footerLength);
        FileMetaData footer;
        try {
            footer = Util.readFileMetaData(new ByteArrayInputStream(bytes), (int) footerLength);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableInputException("the Parquet footer cannot be read: " + e.getMessage());
        }
        if (footer.isSetEncryption_algorithm()) {
            throw new UnreadableInputException("the Parquet object is encrypted, which the forwarder does not read");
        }
        return new ParquetFlowReader(ranges, maxRowCharacters, done, maxPageBytes, wholeGroupBytes, footer);
    }

    private static PrimitiveType primitive(SchemaElement element) throws UnreadableInputException {
        if (element.getNum_children() > 0 || element.getType() == null) {
            throw new UnreadableInputException("the Parquet column '" + element.getName() + "' is a group, which no flow log has");
        }
        if (element.getRepetition_type() == FieldRepetitionType.REPEATED) {
            throw new UnreadableInputException("the Parquet column '" + element.getName() + "' is repeated, which no flow log's is");
        }
        PrimitiveType.PrimitiveTypeName type = switch (element.getType()) {
            case INT32 -> PrimitiveType.PrimitiveTypeName.INT32;
            case INT64 -> PrimitiveType.PrimitiveTypeName.INT64;
            case BYTE_ARRAY -> PrimitiveType.PrimitiveTypeName.BINARY;
            default -> throw new UnreadableInputException("the Parquet column '" + element.getName() + "' is " + element.getType()
                    + "; a flow log's columns are INT32, INT64 or strings");
        };
        Type.Repetition repetition = element.getRepetition_type() == FieldRepetitionType.REQUIRED ? Type.Repetition.REQUIRED
                : Type.Repetition.OPTIONAL;
        return new PrimitiveType(repetition, type, element.getName());
    }

    @Override
    public Read<VpcFlowRecord> next() throws IOException {
        while (row >= groupEnd) {
            if (group + 1 >= footer.getRow_groupsSize()) {
                return null;
            }
            String unreadable = nextGroup();
            if (unreadable != null) {
                return skipGroup(unreadable);
            }
        }
        if (broken != null) {
            String reason = broken;
            broken = null;
            return skipGroup(reason);
        }
        String[] values = new String[fields.length];
        long[] numbers = new long[fields.length];
        long characters = 0;
        String tooLong = null;
        try {
            for (int i = 0; i < readers.length; i++) {
                ColumnReader reader = readers[i];
                if (reader.getCurrentDefinitionLevel() == columns[i].getMaxDefinitionLevel()) {
                    reader.writeCurrentValueToConverter();
                    values[i] = fields[i].value; // null for a number
                    numbers[i] = fields[i].number;
                    if (fields[i].tooLong >= 0) {
                        tooLong = "row " + row + " holds a value of " + fields[i].tooLong + " bytes in column " + columns[i].getPath()[0]
                                + ", more than the " + maxRowCharacters + " characters a row may hold";
                        values[i] = "";
                    }
                } else {
                    values[i] = "-";
                }
                characters += values[i] == null ? 20 : values[i].length();
            }
        } catch (RuntimeException e) {
            return skipGroup(undecodable(e));
        }
        try {
            for (ColumnReader reader : readers) {
                reader.consume(); // may read ahead into the next page: a failure there is the next row's, not this one's
            }
        } catch (RuntimeException e) {
            broken = undecodable(e);
        }
        long index = row++;
        if (row == groupEnd) {
            String excess = broken;
            broken = null;
            if (excess == null) {
                try {
                    excess = pages.excess();
                } catch (RuntimeException e) {
                    excess = undecodable(e);
                }
            }
            closeGroup();
            if (excess != null) {
                return new Read.Unreadable<>(index, index + 1, "row group " + (group + 1) + " of " + footer.getRow_groupsSize() + ": "
                        + excess + ": what follows its row " + index + " is not read, and that row is kept here", text(values, numbers));
            }
        }
        if (tooLong != null) {
            return new Read.Unreadable<>(index, index + 1, tooLong);
        }
        if (characters > maxRowCharacters) {
            return new Read.Unreadable<>(index, index + 1, "row " + index + " holds more than " + maxRowCharacters + " characters");
        }
        return new Read.Record<>(index, index + 1, new VpcFlowRecord(header, values, numbers));
    }

    /** A row as the text format would have written it, for the quarantine. */
    private static String text(String[] values, long[] numbers) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : " ").append(values[i] != null ? values[i] : Long.toString(numbers[i]));
        }
        return text.toString();
    }

    /** The rest of the current row group as one unreadable entry, at its first row not read. */
    private Read<VpcFlowRecord> skipGroup(String reason) {
        long first = row;
        row = groupEnd;
        closeGroup();
        return new Read.Unreadable<>(first, first + 1, "row group " + (group + 1) + " of " + footer.getRow_groupsSize()
                + ", rows " + first + " to " + (groupEnd - 1) + " (" + (groupEnd - first) + " rows) not read: " + reason, null, groupEnd);
    }

    /** Fetches the next row group and sets up its column readers; or says why it cannot be read. */
    private String nextGroup() throws IOException {
        group++;
        RowGroup rowGroup = footer.getRow_groups().get(group);
        row = groupEnd;
        groupEnd += Math.max(0, rowGroup.getNum_rows());
        readers = null;
        if (rowGroup.getNum_rows() <= 0) {
            return null;
        }
        if (done.all(row, groupEnd)) {
            // Settled by an earlier attempt: the footer's row count says where the next group starts, nothing is fetched.
            passedOver += groupEnd - row;
            row = groupEnd;
            return null;
        }
        List<ColumnChunk> chunks = rowGroup.getColumns();
        if (chunks == null || chunks.size() != columns.length) {
            return "it has " + (chunks == null ? 0 : chunks.size()) + " column chunks for the schema's " + columns.length + " columns";
        }
        long start = Long.MAX_VALUE;
        long end = 0;
        long uncompressed = 0;
        for (int i = 0; i < columns.length; i++) {
            ColumnMetaData meta = chunks.get(i).getMeta_data();
            String problem = problem(chunks.get(i), meta, i, rowGroup.getNum_rows());
            if (problem != null) {
                return problem;
            }
            start = Math.min(start, chunkStart(meta));
            end = Math.max(end, chunkStart(meta) + meta.getTotal_compressed_size());
            uncompressed += meta.getTotal_uncompressed_size();
        }
        if (rowGroup.getNum_rows() > (end - start) * MAX_ROWS_PER_BYTE) {
            return "it says it holds " + rowGroup.getNum_rows() + " rows in " + (end - start) + " bytes, more than "
                    + MAX_ROWS_PER_BYTE + " per byte";
        }
        decompressed += uncompressed;
        pages = new RowGroupPages(rowGroup.getNum_rows(), maxPageBytes);
        boolean whole = end - start <= wholeGroupBytes;
        if (whole) {
            fetch(start, end);
        } else {
            fetched = null;
        }
        try {
            for (int i = 0; i < columns.length; i++) {
                ColumnMetaData meta = chunks.get(i).getMeta_data();
                long at = chunkStart(meta);
                pages.add(columns[i], meta, whole
                        ? new ByteArrayInputStream(fetched, (int) (at - fetchedFrom), (int) meta.getTotal_compressed_size())
                        : new BufferedInputStream(ranges.open(at, meta.getTotal_compressed_size()), 64 * 1024));
            }
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Fields(), schema, footer.getCreated_by());
            ColumnReader[] opened = new ColumnReader[columns.length];
            for (int i = 0; i < columns.length; i++) {
                opened[i] = store.getColumnReader(columns[i]);
            }
            readers = opened;
        } catch (RuntimeException e) {
            return undecodable(e);
        }
        return null;
    }

    /**
     * Makes {@link #fetched} hold the bytes {@code [start, end)}: from what was fetched ahead, or in one range that also
     * takes the row groups that follow, while they lie after this one, are not settled and the range stays within
     * {@link #READ_AHEAD_BYTES} (or this row group's size).
     */
    private void fetch(long start, long end) throws IOException {
        if (fetched != null && start >= fetchedFrom && end <= fetchedFrom + fetched.length) {
            return;
        }
        long until = end;
        long rowsBefore = groupEnd;
        for (int next = group + 1; next < footer.getRow_groupsSize(); next++) {
            RowGroup following = footer.getRow_groups().get(next);
            long[] span = span(following);
            long rows = Math.max(0, following.getNum_rows());
            if (span == null || span[0] < until || span[1] - start > Math.max(end - start, READ_AHEAD_BYTES)
                    || done.all(rowsBefore, rowsBefore + rows)) {
                break;
            }
            until = span[1];
            rowsBefore += rows;
        }
        fetched = ranges.read(start, (int) (until - start));
        fetchedFrom = start;
    }

    /** Where a row group's chunks lie, {start, end}, or null when its description does not say plainly. */
    private long[] span(RowGroup rowGroup) {
        if (rowGroup.getColumns() == null || rowGroup.getColumns().size() != columns.length) {
            return null;
        }
        long start = Long.MAX_VALUE;
        long end = 0;
        for (ColumnChunk chunk : rowGroup.getColumns()) {
            ColumnMetaData meta = chunk.getMeta_data();
            if (meta == null || chunk.isSetFile_path() || meta.getTotal_compressed_size() <= 0) {
                return null;
            }
            start = Math.min(start, chunkStart(meta));
            end = Math.max(end, chunkStart(meta) + meta.getTotal_compressed_size());
        }
        return start < MAGIC.length || end > ranges.length() - 8 ? null : new long[] {start, end};
    }

    /**
     * Why the row group cannot be decoded; or, when what failed was the transfer of its bytes, that failure, thrown: its
     * rows can be read again later.
     */
    private static String undecodable(RuntimeException e) throws ObjectReadException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause() instanceof ObjectReadException read ? read
                        : new ObjectReadException("reading a column chunk stopped: " + io.getCause().getMessage(), io.getCause());
            }
        }
        return "its pages cannot be decoded: " + e.getMessage();
    }

    private void closeGroup() {
        readers = null;
        if (pages != null) {
            pages.close();
            pages = null;
        }
    }

    /** Why the footer's description of a column chunk does not let it be read, or null. */
    private String problem(ColumnChunk chunk, ColumnMetaData meta, int column, long rows) {
        String name = columns[column].getPath()[0];
        if (meta == null || chunk.isSetFile_path() || chunk.isSetCrypto_metadata()) {
            return "column " + name + "'s chunk is " + (meta == null ? "not described" : chunk.isSetFile_path()
                    ? "in another file" : "encrypted");
        }
        if (meta.getPath_in_schema() == null || !meta.getPath_in_schema().equals(List.of(name))) {
            return "its chunk " + column + " is of column " + meta.getPath_in_schema() + ", not " + name;
        }
        if (!PageDecompression.reads(meta.getCodec())) {
            return "column " + name + " is compressed with " + meta.getCodec() + "; the forwarder reads GZIP, which AWS writes, and"
                    + " uncompressed pages";
        }
        if (meta.getNum_values() != rows) {
            return "column " + name + " holds " + meta.getNum_values() + " values for " + rows + " rows";
        }
        long start = chunkStart(meta);
        long end = start + meta.getTotal_compressed_size();
        if (start < MAGIC.length || meta.getTotal_compressed_size() <= 0 || meta.getTotal_uncompressed_size() < 0
                || end > ranges.length() - 8 || meta.getData_page_offset() < start || meta.getData_page_offset() >= end) {
            return "column " + name + "'s chunk (" + meta.getTotal_compressed_size() + " bytes at " + start
                    + ") lies outside the object's data";
        }
        return null;
    }

    private static long chunkStart(ColumnMetaData meta) {
        return meta.isSetDictionary_page_offset() && meta.getDictionary_page_offset() > 0
                && meta.getDictionary_page_offset() < meta.getData_page_offset()
                ? meta.getDictionary_page_offset() : meta.getData_page_offset();
    }

    /** How many row groups the object has. */
    public int groups() {
        return footer.getRow_groupsSize();
    }

    /** Bytes fetched so far, and bytes the row groups read hold decompressed: the object's counts in its report. */
    public long bytesFetched() {
        return ranges.fetched();
    }

    public long bytesDecompressed() {
        return decompressed;
    }

    @Override
    public long passedOver() {
        return passedOver;
    }

    @Override
    public void close() {
        closeGroup();
    }

    /**
     * Each column's value of the current row: a string, or for INT32 and INT64 a number (and a null string). A dictionary's
     * strings are made once per row group.
     */
    private static final class Field extends PrimitiveConverter {
        private final PrimitiveType.PrimitiveTypeName type;
        private final ColumnKind kind;
        private final int maxBytes;
        private String value;
        private long number;
        /** The length of a string too long to be made, or -1. */
        private long tooLong = -1;
        /** A dictionary's values: text (null for a number), number, and the length of a string too long to make (or -1). */
        private String[] texts;
        private long[] numbers;
        private long[] tooLongs;

        /** @param maxBytes longest string made: a longer one marks its row unreadable instead */
        Field(PrimitiveType.PrimitiveTypeName type, ColumnKind kind, int maxBytes) {
            this.type = type;
            this.kind = kind;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary entries) {
            int size = entries.getMaxId() + 1;
            texts = new String[size];
            numbers = new long[size];
            tooLongs = new long[size];
            for (int id = 0; id < size; id++) {
                switch (type) {
                    case INT32 -> addInt(entries.decodeToInt(id));
                    case INT64 -> addLong(entries.decodeToLong(id));
                    default -> addBinary(entries.decodeToBinary(id));
                }
                texts[id] = value;
                numbers[id] = number;
                tooLongs[id] = tooLong;
            }
        }

        @Override
        public void addValueFromDictionary(int id) {
            value = texts[id];
            number = numbers[id];
            tooLong = tooLongs[id];
        }

        @Override
        public void addInt(int stored) {
            value = null;
            number = kind.of(stored);
            tooLong = -1;
        }

        @Override
        public void addLong(long stored) {
            value = kind.text(stored);
            number = kind.of(stored);
            tooLong = -1;
        }

        @Override
        public void addBinary(Binary stored) {
            // UTF-8 takes a byte or more per character: a value of more bytes than a row's characters is not made at all.
            boolean fits = stored.length() <= maxBytes;
            value = fits ? stored.toStringUsingUTF8() : null;
            tooLong = fits ? -1 : stored.length();
        }
    }

    /** The record converter parquet-column asks for each column's converter. */
    private final class Fields extends GroupConverter {
        @Override
        public Converter getConverter(int index) {
            return fields[index];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
