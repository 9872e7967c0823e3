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

/**
 * The pages of one row group's column chunks, each chunk read from its own stream as its column's reader asks for the
 * next page: besides the streams' buffers only each column's current page (and its dictionary) is in memory, and those
 * together may not exceed a bound ({@link #MAX_PAGE_BYTES} unless told). Written here rather than taken from parquet-hadoop, whose file
 * reader cannot be built without Hadoop's classes and holds a row group's chunks whole.
 *
 * <p>A page that cannot be read throws {@link CorruptPageException}; a stream that fails throws
 * {@link UncheckedIOException} (parquet-column's page reader declares no exception), which the caller turns back into
 * the I/O failure it is.
 */
final class RowGroupPages implements PageReadStore, AutoCloseable {
    /** Most bytes of the pages (compressed and decompressed) the columns of a row group hold at once. */
    static final long MAX_PAGE_BYTES = 128L * 1024 * 1024;

    private final long rows;
    private final long maxPageBytes;
    private final Map<ColumnDescriptor, PageReader> chunks = new HashMap<>();
    private final List<InputStream> streams = new ArrayList<>();
    private long held;

    RowGroupPages(long rows, long maxPageBytes) {
        this.rows = rows;
        this.maxPageBytes = maxPageBytes;
    }

    /** Adds a column's chunk, {@code in} positioned at its first byte; closed with this. */
    void add(ColumnDescriptor column, ColumnMetaData meta, InputStream in) {
        streams.add(in);
        chunks.put(column, new ChunkPages(column.getPath()[0], meta, in));
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        return chunks.get(column);
    }

    @Override
    public long getRowCount() {
        return rows;
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

    /** Counts a page that replaces {@code previous} bytes of its column's, against the bound. */
    private void hold(String column, long previous, long bytes) {
        held += bytes - previous;
        if (held > maxPageBytes) {
            throw new CorruptPageException("column " + column + ": its page would make the row group's pages in memory "
                    + held + " bytes, more than " + maxPageBytes + " (write smaller pages)");
        }
    }

    /** One column chunk's pages, read in order. */
    private final class ChunkPages implements PageReader {
        private final String column;
        private final ColumnMetaData meta;
        private final CountingInputStream in;
        private final DictionaryPage dictionary;
        private PageHeader pending;
        private long current;

        ChunkPages(String column, ColumnMetaData meta, InputStream in) {
            this.column = column;
            this.meta = meta;
            this.in = new CountingInputStream(in);
            PageHeader first = hasMore() ? header() : null;
            if (first != null && first.getType() == PageType.DICTIONARY_PAGE && first.isSetDictionary_page_header()) {
                var header = first.getDictionary_page_header();
                BytesInput body = body(first);
                hold(column, 0, first.getUncompressed_page_size());
                dictionary = new DictionaryPage(body, first.getUncompressed_page_size(), header.getNum_values(),
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
                        return new DataPageV1(held(header, body(header)), page.getNum_values(), header.getUncompressed_page_size(),
                                null, encoding(page.getRepetition_level_encoding()), encoding(page.getDefinition_level_encoding()),
                                encoding(page.getEncoding()));
                    }
                    case DATA_PAGE_V2 -> {
                        return pageV2(header);
                    }
                    // An index page, or a dictionary page after the first page: nothing to read.
                    case INDEX_PAGE, DICTIONARY_PAGE -> bytes(header);
                    case null -> throw new CorruptPageException("column " + column + ": a page header names no page type");
                }
            }
            return null;
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
            byte[] bytes = bytes(header);
            int levels = repetition + definition;
            CompressionCodec codec = page.isIs_compressed() ? meta.getCodec() : CompressionCodec.UNCOMPRESSED;
            BytesInput values = PageDecompression.decompress(codec, bytes, levels, compressed - levels,
                    header.getUncompressed_page_size() - levels);
            return new DataPageV2(page.getNum_rows(), page.getNum_nulls(), page.getNum_values(),
                    BytesInput.from(bytes, 0, repetition), BytesInput.from(bytes, repetition, definition), encoding(page.getEncoding()),
                    held(header, values), header.getUncompressed_page_size(), null, false);
        }

        /** The page replaces the column's previous one in memory. */
        private BytesInput held(PageHeader header, BytesInput page) {
            long bytes = (long) header.getCompressed_page_size() + header.getUncompressed_page_size();
            hold(column, current, bytes);
            current = bytes;
            return page;
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

        /** The page's compressed bytes, checked against what its chunk can hold. */
        private byte[] bytes(PageHeader header) {
            long left = meta.getTotal_compressed_size() - in.count();
            if (header.getCompressed_page_size() < 0 || header.getCompressed_page_size() > left) {
                throw new CorruptPageException("column " + column + ": a page of " + header.getCompressed_page_size()
                        + " bytes does not fit in the " + left + " bytes left of its chunk");
            }
            if (header.getUncompressed_page_size() < 0 || header.getUncompressed_page_size() > meta.getTotal_uncompressed_size()) {
                throw new CorruptPageException("column " + column + ": a page says it holds " + header.getUncompressed_page_size()
                        + " bytes, more than its whole chunk (" + meta.getTotal_uncompressed_size() + ")");
            }
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
