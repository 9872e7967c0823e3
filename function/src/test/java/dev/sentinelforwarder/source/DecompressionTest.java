package dev.sentinelforwarder.source;

import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecompressionTest {
    @Test
    void passesPlainTextThrough() throws IOException {
        assertThat(read(utf8("version srcaddr\n"))).isEqualTo("version srcaddr\n");
    }

    @Test
    void inflatesGzipByItsMagicBytes() throws IOException {
        assertThat(read(gzip("{\"Records\":[]}"))).isEqualTo("{\"Records\":[]}");
    }

    @Test
    void readsConcatenatedGzipMembersAsOneStream() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(gzip("first line\n"));
        both.write(gzip("second line\n"));

        assertThat(read(both.toByteArray())).isEqualTo("first line\nsecond line\n");
    }

    @Test
    void treatsAOneByteObjectAsText() throws IOException {
        assertThat(read(new byte[] {0x1f})).isEqualTo("\u001f");
        assertThat(read(new byte[0])).isEmpty();
    }


    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(byte[] bytes) throws IOException {
        try (InputStream in = Decompression.open(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
