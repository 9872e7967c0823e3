package dev.sentinelforwarder.format.parquet;

import com.fulcrumgenomics.jlibdeflate.LibdeflateDecompressor;
import com.fulcrumgenomics.jlibdeflate.LibdeflateException;
import dev.sentinelforwarder.deflate.BodyCompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.format.CompressionCodec;

/**
 * Decompresses one Parquet page. Written here rather than taken from parquet-hadoop's codec factory, which is built on
 * Hadoop's codecs: AWS writes flow logs with GZIP, which libdeflate inflates in one call (a page is whole in memory and
 * its size known), or the JDK where libdeflate did not load; uncompressed pages are taken as they are. The size a page
 * declares is checked against the bound before this is called; a page that declares more than {@link #ONE_CALL_BYTES} is
 * inflated by the JDK in steps, its buffer growing with what really comes out, so a false claim costs no allocation.
 */
final class PageDecompression {
    /** Largest page inflated in one call into a buffer of its declared size: flow log pages are about 1 MiB. */
    static final int ONE_CALL_BYTES = 4 * 1024 * 1024;
    /** Whether the request bodies' libdeflate loaded in this process: then it inflates the pages too. */
    private static final boolean LIBDEFLATE = BodyCompressor.loaded().fallbackReason() == null;
    /** A native decompressor may not be used by two threads at once; objects are read on several. */
    private static final ThreadLocal<LibdeflateDecompressor> DECOMPRESSORS = ThreadLocal.withInitial(LibdeflateDecompressor::new);

    private PageDecompression() {
    }

    /** Whether pages compressed with {@code codec} can be read. */
    static boolean reads(CompressionCodec codec) {
        return codec == CompressionCodec.GZIP || codec == CompressionCodec.UNCOMPRESSED;
    }

    /**
     * The {@code size} bytes {@code length} compressed bytes from {@code offset} hold.
     *
     * @throws CorruptPageException when they do not hold exactly that many
     */
    static BytesInput decompress(CompressionCodec codec, byte[] bytes, int offset, int length, int size) {
        if (codec == CompressionCodec.UNCOMPRESSED) {
            if (length != size) {
                throw new CorruptPageException("an uncompressed page of " + length + " bytes says it holds " + size);
            }
            return BytesInput.from(bytes, offset, length);
        }
        if (LIBDEFLATE && size <= ONE_CALL_BYTES) {
            byte[] out = new byte[size];
            try {
                DECOMPRESSORS.get().gzipDecompress(bytes, offset, length, out, 0, size);
            } catch (LibdeflateException | IllegalArgumentException e) {
                throw new CorruptPageException("a GZIP page does not inflate to the " + size + " bytes its header says: "
                        + e.getMessage());
            }
            return BytesInput.from(out);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, offset, length), 64 * 1024)) {
            byte[] out = in.readNBytes(size);
            if (out.length != size || in.read() >= 0) {
                throw new CorruptPageException("a GZIP page does not inflate to the " + size + " bytes its header says");
            }
            return BytesInput.from(out);
        } catch (IOException e) {
            throw new CorruptPageException("a GZIP page cannot be inflated: " + e.getMessage());
        }
    }
}
