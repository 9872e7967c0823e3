package dev.sentinelforwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Either compressor writes one complete gzip member that the JDK reads back to the same bytes, at every level. */
class BodyCompressorTest {
    private static final byte[] JSON = json(1_000_000);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 6, 9, 10, 12})
    void everyLevelOfEitherCompressorReadsBackToTheSameBytes(int level) throws IOException {
        for (BodyCompressor compressor : List.of(BodyCompressor.loaded(), BodyCompressor.jdk())) {
            byte[] body = compressor.gzip(JSON, 0, JSON.length, level);
            assertThat(gunzip(body)).as("%s level %d", compressor.id(), level).isEqualTo(JSON);
            assertThat(body.length).as("%s level %d compresses", compressor.id(), level).isLessThan(JSON.length / 3);
        }
    }

    @Test
    void aSliceAndAnEmptyBodyAreGzipToo() throws IOException {
        for (BodyCompressor compressor : List.of(BodyCompressor.loaded(), BodyCompressor.jdk())) {
            assertThat(gunzip(compressor.gzip(JSON, 1000, 5000, 6))).isEqualTo(java.util.Arrays.copyOfRange(JSON, 1000, 6000));
            assertThat(gunzip(compressor.gzip(JSON, 7, 0, 6))).isEmpty();
        }
    }

    @Test
    void bytesThatDoNotCompressStillComeBackWhole() throws IOException {
        byte[] noise = new byte[300_000];
        new SplittableRandom(5).nextBytes(noise);
        for (BodyCompressor compressor : List.of(BodyCompressor.loaded(), BodyCompressor.jdk())) {
            byte[] body = compressor.gzip(noise, 0, noise.length, 6);
            assertThat(body.length).as(compressor.id()).isGreaterThan(noise.length);
            assertThat(gunzip(body)).isEqualTo(noise);
        }
    }

    @Test
    void levelsAreCheckedAndTheJdkStopsAtNine() {
        assertThat(BodyCompressor.jdk().effectiveLevel(12)).isEqualTo(9);
        assertThat(BodyCompressor.loaded().effectiveLevel(12)).isEqualTo(12);
        assertThat(new Compression(BodyCompressor.jdk(), 11)).hasToString("jdk level 9");
        for (int level : new int[] {13, -1}) {
            assertThatThrownBy(() -> new Compression(BodyCompressor.loaded(), level)).hasMessage("gzip level must be 1 to 12, not " + level);
        }
        assertThatThrownBy(() -> BodyCompressor.loaded().gzip(JSON, 0, 10, 0)).hasMessage("gzip level must be 1 to 12, not 0");
    }

    @Test
    void withoutALevelSetEachTableHasItsOwn() {
        Compression byTable = Compression.at(Compression.BY_TABLE);
        assertThat(byTable.levelFor(Tables.AWS_CLOUD_TRAIL)).isEqualTo(5);
        assertThat(byTable.levelFor(Tables.AWS_GUARD_DUTY)).isEqualTo(5);
        assertThat(byTable.levelFor(Tables.AWS_VPC_FLOW)).isEqualTo(5);
        assertThat(byTable.levelFor(Tables.AWS_CLOUD_WATCH)).isEqualTo(2);
        assertThat(byTable.levelFor(Tables.AWS_WAF)).isEqualTo(6);
        assertThat(Compression.at(3).levelFor(Tables.AWS_CLOUD_WATCH)).isEqualTo(3);
        Compression zlib = new Compression(BodyCompressor.jdk(), Compression.BY_TABLE);
        for (var table : Tables.ALL) {
            assertThat(zlib.levelFor(table)).as("zlib keeps its level 6 for " + table).isEqualTo(6);
        }
        assertThat(zlib).hasToString("jdk level 6 for every table");
        assertThat(new Compression(BodyCompressor.jdk(), 11)).hasToString("jdk level 9");
    }

    @Test
    void libdeflateWritesFewerBytesThanZlibAtTheSameLevel() {
        byte[] zlib = BodyCompressor.jdk().gzip(JSON, 0, JSON.length, 6);
        byte[] libdeflate = BodyCompressor.loaded().gzip(JSON, 0, JSON.length, 6);
        assertThat(libdeflate.length).isLessThan(zlib.length);
    }

    @Test
    void manyThreadsAtOnceEachGetWholeBodies() throws Exception {
        List<Callable<byte[]>> work = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int offset = i * 1000;
            work.add(() -> gunzip(BodyCompressor.loaded().gzip(JSON, offset, 200_000, 1 + offset % 12)));
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> done = threads.invokeAll(work);
            for (int i = 0; i < done.size(); i++) {
                assertThat(done.get(i).get()).isEqualTo(java.util.Arrays.copyOfRange(JSON, i * 1000, i * 1000 + 200_000));
            }
        }
    }

    /** A JSON array of rows shaped like compact VPC Flow rows, varied by a seeded random. */
    private static byte[] json(int size) {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder json = new StringBuilder(size + 200).append('[');
        while (json.length() < size - 200) {
            json.append(json.length() > 1 ? "," : "").append("{\"t\":").append(1795341600L + random.nextInt(3600))
                    .append(",\"s\":\"10.0.").append(random.nextInt(256)).append('.').append(random.nextInt(256))
                    .append("\",\"p\":").append(random.nextInt(65536)).append(",\"a\":\"").append(random.nextBoolean() ? "ACCEPT" : "REJECT")
                    .append("\",\"b\":").append(random.nextInt(500_000)).append('}');
        }
        return json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
