package dev.sentinelforwarder.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Rebuilds a Parquet file page by page, so a test can make its page headers, page bodies and footer say what an attacker
 * would, with every offset and chunk size in the footer still pointing at the pages: what the reader meets is a lie of
 * the file's own, not a file broken by accident. Tooling, for tests and the soak's hostile objects.
 */
public final class ParquetSurgery {
    /** One page as the file holds it: its header and its (compressed) bytes. */
    public record Page(PageHeader header, byte[] body) {
    }

    /** Changes a page of row group {@code group}, column {@code column}; returns the page to write. */
    @FunctionalInterface
    public interface PageEdit {
        PageEdit NONE = (group, column, page) -> page;

        Page edit(int group, int column, Page page) throws IOException;
    }

    private ParquetSurgery() {
    }

    /**
     * The file with its pages changed by {@code pages}, its row groups written {@code copies} times over (each copy a row
     * group of its own, its own bytes), and its footer then changed by {@code footer}.
     */
    public static byte[] rebuild(byte[] file, int copies, PageEdit pages, Consumer<FileMetaData> footer) throws IOException {
        FileMetaData meta = footerOf(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
        List<RowGroup> groups = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (int g = 0; g < meta.getRow_groupsSize(); g++) {
                RowGroup group = meta.getRow_groups().get(g).deepCopy();
                long groupStart = out.size();
                for (int c = 0; c < group.getColumnsSize(); c++) {
                    writeChunk(file, group.getColumns().get(c), g, c, pages, out);
                }
                group.setFile_offset(groupStart);
                group.setTotal_compressed_size(out.size() - groupStart);
                groups.add(group);
            }
        }
        meta.setRow_groups(groups);
        meta.setNum_rows(groups.stream().mapToLong(RowGroup::getNum_rows).sum());
        footer.accept(meta);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        Util.writeFileMetaData(meta, written);
        written.writeTo(out);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(written.size()).array());
        out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void writeChunk(byte[] file, ColumnChunk chunk, int group, int column, PageEdit pages, ByteArrayOutputStream out)
            throws IOException {
        ColumnMetaData meta = chunk.getMeta_data();
        long start = meta.isSetDictionary_page_offset() && meta.getDictionary_page_offset() > 0
                ? Math.min(meta.getDictionary_page_offset(), meta.getData_page_offset()) : meta.getData_page_offset();
        ByteArrayInputStream in = new ByteArrayInputStream(file, (int) start, (int) meta.getTotal_compressed_size());
        long chunkStart = out.size();
        long firstData = -1;
        long dictionary = -1;
        long uncompressed = 0;
        while (in.available() > 0) {
            PageHeader header = Util.readPageHeader(in);
            Page page = pages.edit(group, column, new Page(header, in.readNBytes(header.getCompressed_page_size())));
            if (page.header().getType() == PageType.DICTIONARY_PAGE && dictionary < 0) {
                dictionary = out.size();
            } else if (firstData < 0 && page.header().getType() != PageType.DICTIONARY_PAGE) {
                firstData = out.size();
            }
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            Util.writePageHeader(page.header(), written);
            uncompressed += written.size() + (long) page.header().getUncompressed_page_size();
            written.writeTo(out);
            out.write(page.body());
        }
        meta.setData_page_offset(firstData);
        if (dictionary >= 0) {
            meta.setDictionary_page_offset(dictionary);
        } else {
            meta.unsetDictionary_page_offset();
        }
        meta.unsetIndex_page_offset();
        meta.setTotal_compressed_size(out.size() - chunkStart);
        meta.setTotal_uncompressed_size(uncompressed);
        chunk.setFile_offset(chunkStart);
        chunk.unsetColumn_index_offset();
        chunk.unsetColumn_index_length();
        chunk.unsetOffset_index_offset();
        chunk.unsetOffset_index_length();
    }

    public static FileMetaData footerOf(byte[] bytes) throws IOException {
        int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Util.readFileMetaData(new ByteArrayInputStream(bytes, bytes.length - 8 - footerLength, footerLength));
    }
}
