package dev.sentinelforwarder.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.format.CompressionCodec;

/**
 * Decompresses one Parquet page. Written here rather than taken from parquet-hadoop's codec factory, which is built on
 * Hadoop's codecs: AWS writes flow logs with GZIP, which the JDK inflates; uncompressed pages are taken as they are.
 */
final class PageDecompression {
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
