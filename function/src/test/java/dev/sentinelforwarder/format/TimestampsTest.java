package dev.sentinelforwarder.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatIsoWritesWhatInstantToStringWrites() {
        Random random = new Random(7);
        char[] out = new char[Timestamps.MAX_ISO_CHARS];
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(new String(out, 0, Timestamps.formatIso(t, out))).isEqualTo(t.toString());
        }
    }

    @Test
    void formatIsoHandlesYearsInstantWritesWithASign() {
        char[] out = new char[Timestamps.MAX_ISO_CHARS];
        for (Instant t : new Instant[] {Instant.parse("+10000-01-01T00:00:00.5Z"), Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.EPOCH, Instant.MAX, Instant.MIN, Instant.parse("2024-02-29T12:00:00.000000001Z")}) {
            assertThat(new String(out, 0, Timestamps.formatIso(t, out))).isEqualTo(t.toString());
        }
    }
}
