package dev.sentinelforwarder.bench;

import dev.sentinelforwarder.format.Read;
import dev.sentinelforwarder.format.VpcFlowHeader;
import dev.sentinelforwarder.format.VpcFlowReader;
import dev.sentinelforwarder.format.VpcFlowRecord;
import dev.sentinelforwarder.source.Decompression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes the records of a text VPC flow log as the Parquet object a flow log with {@code FileFormat=parquet} delivers:
 * a column per field of the header, named with {@code _} for {@code -}, 32-bit and 64-bit integers as AWS documents,
 * the rest strings, {@code -} as null. For tests and {@code bench generate}: the same records in both formats.
 */
public final class ParquetFlowLogWriter {
    /** The fields AWS writes as INT64; the other numbers are INT32. */
    private static final Set<String> INT64 = Set.of("packets", "bytes", "start", "end");
    private static final Set<String> INT32 = Set.of("version", "srcport", "dstport", "protocol", "tcp-flags", "traffic-path");

    /**
     * @param codec GZIP as AWS writes, or UNCOMPRESSED
     * @param rowGroupBytes the writer's row group size (its in-memory estimate)
     * @param pageVersion2 write v2 data pages instead of the v1 pages AWS's files have
     * @return the rows written
     */
    public static long write(Path text, Path out, CompressionCodecName codec, long rowGroupBytes, boolean pageVersion2)
            throws IOException {
        Files.deleteIfExists(out);
        long rows = 0;
        try (InputStream in = Decompression.open(Files.newInputStream(text));
                VpcFlowReader reader = new VpcFlowReader(in, 1 << 20)) {
            Read<VpcFlowRecord> read;
            ParquetWriter<Group> writer = null;
            SimpleGroupFactory groups = null;
            VpcFlowHeader header = null;
            try {
                while ((read = reader.next()) != null) {
                    if (!(read instanceof Read.Record<VpcFlowRecord> record)) {
                        throw new IOException(text + ": line " + read.line() + " is not a flow log record");
                    }
                    if (writer == null) {
                        header = record.value().header();
                        MessageType schema = schema(header.fields());
                        groups = new SimpleGroupFactory(schema);
                        writer = ExampleParquetWriter.builder(new LocalOutputFile(out)).withConf(new PlainParquetConfiguration())
                                .withType(schema).withCodecFactory(new Compressors()).withCompressionCodec(codec)
                                .withRowGroupSize(rowGroupBytes).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                                .withWriterVersion(pageVersion2 ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                                .build();
                    } else if (record.value().header() != header) {
                        throw new IOException(text + ": line " + read.line() + " follows a second header; a Parquet object has one schema");
                    }
                    writer.write(group(groups, header.fields(), record.value().values()));
                    rows++;
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
        return rows;
    }

    private static MessageType schema(List<String> fields) {
        Types.MessageTypeBuilder schema = Types.buildMessage();
        for (String field : fields) {
            String column = field.replace('-', '_');
            if (INT64.contains(field)) {
                schema.optional(PrimitiveTypeName.INT64).named(column);
            } else if (INT32.contains(field)) {
                schema.optional(PrimitiveTypeName.INT32).named(column);
            } else {
                schema.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(column);
            }
        }
        return schema.named("schema");
    }

    private static Group group(SimpleGroupFactory groups, List<String> fields, String[] values) {
        Group group = groups.newGroup();
        for (int i = 0; i < values.length; i++) {
            String field = fields.get(i);
            String column = field.replace('-', '_');
            if (values[i].equals("-")) {
                continue;
            }
            if (INT64.contains(field)) {
                group.append(column, Long.parseLong(values[i]));
            } else if (INT32.contains(field)) {
                group.append(column, Integer.parseInt(values[i]));
            } else {
                group.append(column, values[i]);
            }
        }
        return group;
    }

    /** GZIP (the JDK's) and no compression, without parquet-hadoop's codec factory, which is built on Hadoop's codecs. */
    private static final class Compressors implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            if (codec != CompressionCodecName.GZIP && codec != CompressionCodecName.UNCOMPRESSED) {
                throw new IllegalArgumentException("writes GZIP or UNCOMPRESSED, not " + codec);
            }
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    if (codec == CompressionCodecName.UNCOMPRESSED) {
                        return bytes;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                        bytes.writeAllTo(gzip);
                    }
                    return BytesInput.from(out.toByteArray());
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("writing only");
        }

        @Override
        public void release() {
        }
    }

    private ParquetFlowLogWriter() {
    }
}
