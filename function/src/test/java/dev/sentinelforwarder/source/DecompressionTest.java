package dev.sentinelforwarder.source;

import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void readsTenThousandEmptyMembersInALoop() throws IOException {
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.write(gzip("first\n"));
        byte[] empty = gzip("");
        for (int i = 0; i < 10_000; i++) {
            members.write(empty);
        }
        members.write(gzip("last\n"));

        assertThat(members.size()).isLessThan(250_000);
        assertThat(read(members.toByteArray())).isEqualTo("first\nlast\n");
    }

    @Test
    void readsMembersWithNameCommentExtraAndHeaderCrc() throws IOException {
        byte[] plain = gzip("data\n");
        // The same deflate data and trailer behind a header with FHCRC, FEXTRA, FNAME and FCOMMENT set.
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        member.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
        member.write(new byte[] {3, 0, 'x', 'y', 'z'});
        member.write("name.log\0comment\0".getBytes(StandardCharsets.US_ASCII));
        member.write(new byte[] {0x12, 0x34});
        member.write(plain, 10, plain.length - 10);

        assertThat(read(member.toByteArray())).isEqualTo("data\n");
    }

    @Test
    void refusesDamagedAndTruncatedMembersWithWhereTheyBroke() {
        byte[] good = gzip("a line of text\n".repeat(100));
        byte[] badCrc = good.clone();
        badCrc[good.length - 8] ^= 1;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
        ByteArrayOutputStream trailing = new ByteArrayOutputStream();
        trailing.writeBytes(good);
        trailing.writeBytes(utf8("not gzip"));

        assertThatThrownBy(() -> read(badCrc)).isInstanceOf(UnreadableInputException.class)
                .hasMessage("gzip data is corrupt after 1500 decompressed bytes: CRC-32 of member 1 does not match its content");
        assertThatThrownBy(() -> read(truncated)).isInstanceOf(UnreadableInputException.class)
                .hasMessage("gzip data ends early (truncated object?) after 1500 decompressed bytes");
        assertThatThrownBy(() -> read(trailing.toByteArray())).isInstanceOf(UnreadableInputException.class)
                .hasMessage("gzip data is corrupt after 1500 decompressed bytes: the bytes after member 1 are not a gzip member");
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
