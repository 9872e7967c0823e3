package dev.sentinelforwarder.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
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
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;

/**
 * The pages of one row group's column chunks, from the chunks' bytes fetched in one range. A page is decompressed when
 * its column's reader asks for it, so besides the compressed chunks only each column's current page is in memory, and
 * no page may say it is larger than its whole chunk does. Written here rather than taken from parquet-hadoop, whose
 * file reader cannot be built without Hadoop's classes.
 */
final class RowGroupPages implements PageReadStore {
    private final long rows;
    private final Map<ColumnDescriptor, PageReader> chunks = new HashMap<>();

    RowGroupPages(long rows) {
        this.rows = rows;
    }

    /** Adds a column's chunk: the bytes from {@code offset} that {@code meta} describes. */
    void add(ColumnDescriptor column, ColumnMetaData meta, byte[] bytes, int offset) {
        chunks.put(column, new ChunkPages(column.getPath()[0], meta, bytes, offset));
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        return chunks.get(column);
    }

    @Override
    public long getRowCount() {
        return rows;
    }

    /** One column chunk's pages, read in order. */
    private static final class ChunkPages implements PageReader {
        private final String column;
        private final ColumnMetaData meta;
        private final byte[] bytes;
        private final Cursor cursor;
        private final DictionaryPage dictionary;

        ChunkPages(String column, ColumnMetaData meta, byte[] bytes, int offset) {
            this.column = column;
            this.meta = meta;
            this.bytes = bytes;
            this.cursor = new Cursor(bytes, offset, (int) meta.getTotal_compressed_size());
            int start = cursor.position();
            PageHeader first = cursor.hasMore() ? header() : null;
            if (first != null && first.getType() == org.apache.parquet.format.PageType.DICTIONARY_PAGE
                    && first.isSetDictionary_page_header()) {
                var header = first.getDictionary_page_header();
                dictionary = new DictionaryPage(body(first), first.getUncompressed_page_size(), header.getNum_values(),
                        encoding(header.getEncoding()));
            } else {
                dictionary = null;
                cursor.rewind(start);
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
            while (cursor.hasMore()) {
                PageHeader header = header();
                switch (header.getType()) {
                    case DATA_PAGE -> {
                        DataPageHeader page = header.getData_page_header();
                        if (page == null) {
                            throw new CorruptPageException("column " + column + ": a data page has no data page header");
                        }
                        return new DataPageV1(body(header), page.getNum_values(), header.getUncompressed_page_size(), null,
                                encoding(page.getRepetition_level_encoding()), encoding(page.getDefinition_level_encoding()),
                                encoding(page.getEncoding()));
                    }
                    case DATA_PAGE_V2 -> {
                        return pageV2(header);
                    }
                    // An index page, or a dictionary page after the first page: nothing to read.
                    case INDEX_PAGE, DICTIONARY_PAGE -> cursor.skip(size(header));
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
            int levels = page.getRepetition_levels_byte_length() + page.getDefinition_levels_byte_length();
            int compressed = header.getCompressed_page_size();
            if (page.getRepetition_levels_byte_length() < 0 || page.getDefinition_levels_byte_length() < 0 || levels > compressed) {
                throw new CorruptPageException("column " + column + ": a page's levels are longer than the page");
            }
            int at = cursor.position();
            check(header);
            BytesInput repetition = BytesInput.from(bytes, at, page.getRepetition_levels_byte_length());
            BytesInput definition = BytesInput.from(bytes, at + page.getRepetition_levels_byte_length(),
                    page.getDefinition_levels_byte_length());
            int size = header.getUncompressed_page_size() - levels;
            BytesInput values = page.isIs_compressed()
                    ? PageDecompression.decompress(meta.getCodec(), bytes, at + levels, compressed - levels, size)
                    : PageDecompression.decompress(org.apache.parquet.format.CompressionCodec.UNCOMPRESSED, bytes, at + levels,
                            compressed - levels, size);
            cursor.skip(compressed);
            return new DataPageV2(page.getNum_rows(), page.getNum_nulls(), page.getNum_values(), repetition, definition,
                    encoding(page.getEncoding()), values, header.getUncompressed_page_size(), null, false);
        }

        private PageHeader header() {
            try {
                return Util.readPageHeader(cursor);
            } catch (IOException | RuntimeException e) {
                throw new CorruptPageException("column " + column + ": a page header at byte " + cursor.position()
                        + " of the row group's range cannot be read: " + e.getMessage());
            }
        }

        private BytesInput body(PageHeader header) {
            check(header);
            int at = cursor.position();
            cursor.skip(header.getCompressed_page_size());
            return PageDecompression.decompress(meta.getCodec(), bytes, at, header.getCompressed_page_size(),
                    header.getUncompressed_page_size());
        }

        private int size(PageHeader header) {
            check(header);
            return header.getCompressed_page_size();
        }

        private void check(PageHeader header) {
            if (header.getCompressed_page_size() < 0 || header.getCompressed_page_size() > cursor.remaining()) {
                throw new CorruptPageException("column " + column + ": a page of " + header.getCompressed_page_size()
                        + " bytes does not fit in the " + cursor.remaining() + " bytes left of its chunk");
            }
            if (header.getUncompressed_page_size() < 0 || header.getUncompressed_page_size() > meta.getTotal_uncompressed_size()) {
                throw new CorruptPageException("column " + column + ": a page says it holds " + header.getUncompressed_page_size()
                        + " bytes, more than its whole chunk (" + meta.getTotal_uncompressed_size() + ")");
            }
        }

        private Encoding encoding(org.apache.parquet.format.Encoding encoding) {
            if (encoding == null) {
                throw new CorruptPageException("column " + column + ": a page names no encoding");
            }
            return Encoding.valueOf(encoding.name());
        }
    }

    /** The chunk's bytes as a stream for the page headers, whose position says where each page starts. */
    private static final class Cursor extends ByteArrayInputStream {
        private final int end;

        Cursor(byte[] bytes, int offset, int length) {
            super(bytes, offset, length);
            this.end = offset + length;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return end - pos;
        }

        boolean hasMore() {
            return pos < end;
        }

        void rewind(int position) {
            pos = position;
        }

        @Override
        public synchronized long skip(long n) {
            if (n > remaining()) {
                throw new CorruptPageException("a page runs past the end of its chunk");
            }
            pos += (int) n;
            return n;
        }
    }
}
