package dev.sentinelforwarder.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;

/** Parses the timestamps AWS logs carry into instants. */
public final class Timestamps {
    // ISO-8601 date-time with 'T' or a space, optional fraction, optional offset (UTC when absent).
    private static final DateTimeFormatter LENIENT_ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            // STRICT: February 30th is an error, not February 28th (the default, SMART, moves it silently).
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    /** S3 server access logs: {@code 06/Feb/2019:00:00:38 +0000} (the brackets removed). */
    private static final DateTimeFormatter S3_ACCESS = DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", java.util.Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** The time of an S3 server access log record, e.g. {@code 06/Feb/2019:00:00:38 +0000}. */
    public static Instant parseS3Access(String text) {
        return java.time.OffsetDateTime.parse(text, S3_ACCESS).toInstant();
    }

    /**
     * An ISO-8601 date-time such as {@code 2024-08-02T08:53:24Z}, {@code 2024-08-02T08:53:24.123+02:00}
     * or {@code 2024-08-02 08:53:24}; no offset means UTC.
     *
     * @throws DateTimeParseException when {@code text} is none of these
     */
    public static Instant parseIso(String text) {
        Instant fast = parseUtcSeconds(text);
        if (fast != null) {
            return fast;
        }
        TemporalAccessor parsed = LENIENT_ISO.parse(text);
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset = parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
        return local.toInstant(offset);
    }

    /** True when {@code text} looks like a timestamp we read: epoch milliseconds or ISO-8601 date-time. */
    public static boolean looksLikeTimestamp(String text) {
        int n = text.length();
        if (n == 0 || !isDigit(text.charAt(0))) {
            return false;
        }
        if (allDigits(text)) {
            return n >= 12 && n <= 16; // epoch milliseconds from 1973 on; shorter numbers are message text
        }
        return n >= 16 && text.charAt(4) == '-' && text.charAt(7) == '-';
    }

    /** Epoch milliseconds as digits, or an ISO-8601 date-time. */
    public static Instant parseEpochMillisOrIso(String text) {
        if (allDigits(text) && !text.isEmpty() && text.length() <= 16) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return parseIso(text);
    }

    /** Longest text {@link #formatIso} writes, for Instant.MAX: {@code +1000000000-12-31T23:59:59.999999999Z}. */
    public static final int MAX_ISO_CHARS = 40;

    /**
     * Writes {@code t} as {@link Instant#toString()} does (fraction in groups of three digits, only as many
     * as needed) into {@code out}, returning the length. By hand because every row carries at least one
     * date-time and {@code Instant.toString()} (a DateTimeFormatter) was a tenth of a row's output time.
     * Years outside 0000-9999, which Instant prints with a sign, take the slow path.
     */
    public static int formatIso(Instant t, char[] out) {
        if (t.getEpochSecond() < YEAR_0000 || t.getEpochSecond() >= YEAR_10000) {
            String text = t.toString();
            text.getChars(0, text.length(), out, 0);
            return text.length();
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        put(out, 0, utc.getYear(), 4);
        out[4] = '-';
        put(out, 5, utc.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, utc.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, utc.getHour(), 2);
        out[13] = ':';
        put(out, 14, utc.getMinute(), 2);
        out[16] = ':';
        put(out, 17, utc.getSecond(), 2);
        int n = 19;
        int nanos = t.getNano();
        if (nanos != 0) {
            out[n++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            put(out, n, nanos / POWERS_OF_TEN[9 - digits], digits);
            n += digits;
        }
        out[n++] = 'Z';
        return n;
    }

    private static final long YEAR_0000 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    private static void put(char[] out, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    // CloudTrail and GuardDuty write "yyyy-MM-ddTHH:mm:ss[.fraction]Z" on every record; reading that
    // shape by hand costs a fraction of DateTimeFormatter on the hot path. Null means "use the formatter".
    private static Instant parseUtcSeconds(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - (n - 21)];
        } else if (n != 20) {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30th: let the formatter produce the error message
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
