package dev.sentinelforwarder.format.parquet;

import dev.sentinelforwarder.source.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The pages of one row group's column chunks, each chunk read from its own stream as its column's reader asks for the
 * next page: besides the streams' buffers only each column's current page (and its dictionary) is in memory, and those
 * together may not exceed a bound ({@link #MAX_PAGE_BYTES} unless told). Written here rather than taken from parquet-hadoop, whose file
 * reader cannot be built without Hadoop's classes and holds a row group's chunks whole.
 *
 * <p>Every size a page declares is a claim of the file: it is counted against the bound before anything of that size
 * is allocated (its compressed bytes, what they inflate to, and what a dictionary decodes to: a string object per entry,
 * many times the entry's bytes for short ones), and the entries a dictionary declares are checked against the bytes
 * that would hold them. The values the pages hold are counted against the rows the footer names: fewer, and the reader
 * would run out of pages mid-row; more, and rows would be lost after the last one read ({@link #excess()}).
 *
 * <p>A page that cannot be read throws {@link CorruptPageException}; a stream that fails throws
 * {@link UncheckedIOException} (parquet-column's page reader declares no exception), which the caller turns back into
 * the I/O failure it is.
 */
final class RowGroupPages implements PageReadStore, AutoCloseable {
    /** Most bytes of the pages (compressed and decompressed) the columns of a row group hold at once. */
    static final long MAX_PAGE_BYTES = 128L * 1024 * 1024;
    /**
     * What one decoded dictionary entry costs beyond its bytes: parquet-column's Binary (or number) and our String, with
     * their headers and references.
     */
    static final long DICTIONARY_ENTRY_BYTES = 96;

    private final long rows;
    private final long maxPageBytes;
    private final Map<ColumnDescriptor, ChunkPages> chunks = new HashMap<>();
    private final List<InputStream> streams = new ArrayList<>();
    private long held;

    RowGroupPages(long rows, long maxPageBytes) {
        this.rows = rows;
        this.maxPageBytes = maxPageBytes;
    }

    /** Adds a column's chunk, {@code in} positioned at its first byte; closed with this. */
    void add(ColumnDescriptor column, ColumnMetaData meta, InputStream in) {
        streams.add(in);
        chunks.put(column, new ChunkPages(column, meta, in));
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        return chunks.get(column);
    }

    @Override
    public long getRowCount() {
        return rows;
    }

    /**
     * Once the row group's last row is read: why its pages hold more values than its rows (the rest would be lost), or
     * null when they hold exactly as many. Reads the headers of any pages left in a chunk, passing over their bodies.
     */
    String excess() {
        for (ChunkPages chunk : chunks.values()) {
            String excess = chunk.excess();
            if (excess != null) {
                return excess;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (InputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // The row group was read as far as it will be; a failure to close its transfer loses nothing.
            }
        }
    }

    /** Counts what replaces {@code previous} bytes of a column's, against the bound; before anything is allocated. */
    private void hold(String column, long previous, long bytes, String what) {
        if (held - previous + bytes > maxPageBytes) {
            throw new CorruptPageException("column " + column + ": " + what + " would make the row group's pages in memory "
                    + (held - previous + bytes) + " bytes, more than " + maxPageBytes + " (write smaller pages)");
        }
        held += bytes - previous;
    }

    /** One column chunk's pages, read in order. */
    private final class ChunkPages implements PageReader {
        private final String column;
        private final PrimitiveType.PrimitiveTypeName type;
        private final ColumnMetaData meta;
        private final CountingInputStream in;
        private final DictionaryPage dictionary;
        private PageHeader pending;
        private long current;
        /** Values of the data pages handed out so far. */
        private long values;

        ChunkPages(ColumnDescriptor descriptor, ColumnMetaData meta, InputStream in) {
            this.column = descriptor.getPath()[0];
            this.type = descriptor.getPrimitiveType().getPrimitiveTypeName();
            this.meta = meta;
            this.in = new CountingInputStream(in);
            PageHeader first = hasMore() ? header() : null;
            if (first != null && first.getType() == PageType.DICTIONARY_PAGE && first.isSetDictionary_page_header()) {
                var header = first.getDictionary_page_header();
                checkSizes(first);
                long entries = header.getNum_values();
                long smallest = type == PrimitiveType.PrimitiveTypeName.INT64 ? 8 : 4; // a plain value, or a string's length
                if (entries < 0 || entries > first.getUncompressed_page_size() / smallest) {
                    throw new CorruptPageException("column " + column + ": a dictionary says it holds " + entries + " entries in "
                            + first.getUncompressed_page_size() + " bytes, more than fit");
                }
                hold(column, 0, (long) first.getCompressed_page_size() + 3L * first.getUncompressed_page_size()
                        + entries * DICTIONARY_ENTRY_BYTES, "its dictionary of " + entries + " entries");
                dictionary = new DictionaryPage(body(first), first.getUncompressed_page_size(), (int) entries,
                        encoding(header.getEncoding()));
            } else {
                dictionary = null;
                pending = first;
            }
        }

        @Override
        public DictionaryPage readDictionaryPage() {
            return dictionary;
        }

        @Override
        public long getTotalValueCount() {
            return meta.getNum_values();
        }

        @Override
        public DataPage readPage() {
            while (pending != null || hasMore()) {
                PageHeader header = pending != null ? pending : header();
                pending = null;
                switch (header.getType()) {
                    case DATA_PAGE -> {
                        DataPageHeader page = header.getData_page_header();
                        if (page == null) {
                            throw new CorruptPageException("column " + column + ": a data page has no data page header");
                        }
                        count(page.getNum_values());
                        reserve(header);
                        return new DataPageV1(body(header), page.getNum_values(), header.getUncompressed_page_size(),
                                null, encoding(page.getRepetition_level_encoding()), encoding(page.getDefinition_level_encoding()),
                                encoding(page.getEncoding()));
                    }
                    case DATA_PAGE_V2 -> {
                        return pageV2(header);
                    }
                    // An index page, or a dictionary page after the first page: nothing to read.
                    case INDEX_PAGE, DICTIONARY_PAGE -> skip(header);
                    case null -> throw new CorruptPageException("column " + column + ": a page header names no page type");
                }
            }
            // parquet-column asks for a page only while it still needs values for the rows the footer names.
            throw new CorruptPageException("column " + column + ": its pages hold " + values + " values, fewer than the "
                    + meta.getNum_values() + " rows the footer names");
        }

        /** A v2 page keeps its levels uncompressed before the (maybe compressed) values. */
        private DataPage pageV2(PageHeader header) {
            DataPageHeaderV2 page = header.getData_page_header_v2();
            if (page == null) {
                throw new CorruptPageException("column " + column + ": a v2 data page has no v2 data page header");
            }
            int repetition = page.getRepetition_levels_byte_length();
            int definition = page.getDefinition_levels_byte_length();
            int compressed = header.getCompressed_page_size();
            if (repetition < 0 || definition < 0 || repetition + definition > compressed
                    || repetition + definition > header.getUncompressed_page_size()) {
                throw new CorruptPageException("column " + column + ": a page's levels are longer than the page");
            }
            count(page.getNum_values());
            reserve(header);
            byte[] bytes = bytes(header);
            int levels = repetition + definition;
            CompressionCodec codec = page.isIs_compressed() ? meta.getCodec() : CompressionCodec.UNCOMPRESSED;
            BytesInput values = PageDecompression.decompress(codec, bytes, levels, compressed - levels,
                    header.getUncompressed_page_size() - levels);
            return new DataPageV2(page.getNum_rows(), page.getNum_nulls(), page.getNum_values(),
                    BytesInput.from(bytes, 0, repetition), BytesInput.from(bytes, repetition, definition), encoding(page.getEncoding()),
                    values, header.getUncompressed_page_size(), null, false);
        }

        private void count(long pageValues) {
            if (pageValues < 0) {
                throw new CorruptPageException("column " + column + ": a page says it holds " + pageValues + " values");
            }
            values += pageValues;
        }

        /** The page replaces the column's previous one in memory: counted before its bytes are read or inflated. */
        private void reserve(PageHeader header) {
            checkSizes(header);
            long bytes = (long) header.getCompressed_page_size() + header.getUncompressed_page_size();
            hold(column, current, bytes, "a page of " + header.getCompressed_page_size() + " bytes that inflates to "
                    + header.getUncompressed_page_size());
            current = bytes;
        }

        String excess() {
            if (values > meta.getNum_values()) {
                return "column " + column + "'s pages hold " + values + " values, more than the " + meta.getNum_values()
                        + " rows the footer names";
            }
            while (pending != null || hasMore()) {
                PageHeader header = pending != null ? pending : header();
                pending = null;
                skip(header);
                if (header.getType() == PageType.DATA_PAGE || header.getType() == PageType.DATA_PAGE_V2) {
                    return "column " + column + " has pages past the " + meta.getNum_values() + " rows the footer names";
                }
            }
            return null;
        }

        private boolean hasMore() {
            return in.count() < meta.getTotal_compressed_size();
        }

        private PageHeader header() {
            try {
                return Util.readPageHeader(in);
            } catch (IOException | RuntimeException e) {
                IOException transfer = transferFailure(e);
                if (transfer != null) {
                    throw new UncheckedIOException(transfer);
                }
                throw new CorruptPageException("column " + column + ": a page header at byte " + in.count()
                        + " of its chunk cannot be read: " + e.getMessage());
            }
        }

        private BytesInput body(PageHeader header) {
            byte[] bytes = bytes(header);
            return PageDecompression.decompress(meta.getCodec(), bytes, 0, bytes.length, header.getUncompressed_page_size());
        }

        /** The sizes a page declares, against what its chunk can hold. */
        private void checkSizes(PageHeader header) {
            long left = meta.getTotal_compressed_size() - in.count();
            if (header.getCompressed_page_size() < 0 || header.getCompressed_page_size() > left) {
                throw new CorruptPageException("column " + column + ": a page of " + header.getCompressed_page_size()
                        + " bytes does not fit in the " + left + " bytes left of its chunk");
            }
            if (header.getUncompressed_page_size() < 0 || header.getUncompressed_page_size() > meta.getTotal_uncompressed_size()) {
                throw new CorruptPageException("column " + column + ": a page says it holds " + header.getUncompressed_page_size()
                        + " bytes, more than its whole chunk (" + meta.getTotal_uncompressed_size() + ")");
            }
        }

        /** Passes over a page's bytes without holding them. */
        private void skip(PageHeader header) {
            checkSizes(header);
            try {
                in.skipNBytes(header.getCompressed_page_size());
            } catch (java.io.EOFException e) {
                throw new CorruptPageException("column " + column + ": its chunk ends inside a page of "
                        + header.getCompressed_page_size() + " bytes");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The page's compressed bytes, checked against what its chunk can hold. */
        private byte[] bytes(PageHeader header) {
            checkSizes(header);
            try {
                byte[] bytes = in.readNBytes(header.getCompressed_page_size());
                if (bytes.length != header.getCompressed_page_size()) {
                    throw new IOException("the column chunk's range ended " + bytes.length + " bytes into a page of "
                            + header.getCompressed_page_size());
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Encoding encoding(org.apache.parquet.format.Encoding encoding) {
            if (encoding == null) {
                throw new CorruptPageException("column " + column + ": a page names no encoding");
            }
            return Encoding.valueOf(encoding.name());
        }
    }

    /** The failed read of the range under what Thrift reports, if that is what failed. */
    private static IOException transferFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.sentinelforwarder.source.ObjectReadException read) {
                return read;
            }
        }
        return null;
    }
}
