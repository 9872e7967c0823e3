package dev.sentinelforwarder.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the space-separated access logs of S3, ALB and NLB: one record per line, fields separated by
 * spaces, a field in double quotes may hold spaces and backslash-escaped quotes, a field in square
 * brackets (S3's time) may hold spaces, {@code -} means no value. The reader returns the fields as
 * written (quotes and brackets removed); how many there must be is the mapper's business, since AWS
 * appends new fields at the end.
 *
 * <p>A field that starts with a quote and goes on after its closing quote (NLB's {@code "h2","http/1.1"})
 * is kept as written, quotes included.
 */
public final class SpacedFieldsReader implements RecordReader<String[]> {
    /** Most fields a line may have: S3, ALB and NLB records have 20 to 35, and AWS adds new ones at the end. */
    static final int MAX_FIELDS = 256;

    private final Lines lines;
    private long index;

    /** @param maxLineLength longest line read, in characters; longer lines are reported unreadable */
    public SpacedFieldsReader(InputStream in, int maxLineLength) {
        this.lines = new Lines(in, maxLineLength);
    }

    @Override
    public Read<String[]> next() throws IOException {
        String line;
        while ((line = lines.next()) != null && line.isBlank()) {
            // blank lines carry nothing
        }
        if (line == null) {
            return null;
        }
        if (line == Lines.TOO_LONG) {
            return new Read.Unreadable<>(index++, lines.number(), "line is longer than " + lines.maxLength() + " characters");
        }
        String[] fields;
        try {
            fields = split(line);
        } catch (IllegalArgumentException e) {
            return new Read.Unreadable<>(index++, lines.number(), e.getMessage());
        }
        return new Read.Record<>(index++, lines.number(), fields);
    }

    /**
     * The fields of one line. By hand: a regex per field on lines with quoted, escaped text would be slower and harder to bound.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_FIELDS} fields (a line of millions of one-character
     *     fields would be that many strings) or a quote that is not closed
     */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>(32);
        int n = line.length();
        int i = 0;
        while (i < n && fields.size() <= MAX_FIELDS) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '"') {
                i = quoted(line, i, fields);
            } else if (c == '[' && bracketed(line, i)) {
                int close = line.indexOf(']', i + 1);
                fields.add(line.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = i;
                while (end < n && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                fields.add(line.substring(i, end));
                i = end;
            }
        }
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("more than " + MAX_FIELDS + " fields, far more than an access log record has");
        }
        return fields.toArray(new String[0]);
    }

    /** A field in brackets ends with the bracket ({@code [06/Feb/2019:00:00:38 +0000]}); {@code [2001:db8::1]:80} is an address. */
    private static boolean bracketed(String line, int open) {
        int close = line.indexOf(']', open + 1);
        return close > 0 && (close + 1 == line.length() || line.charAt(close + 1) == ' ' || line.charAt(close + 1) == '\t');
    }

    /** Reads the quoted field starting at {@code start}; returns where the next field may start. */
    private static int quoted(String line, int start, List<String> fields) {
        StringBuilder value = new StringBuilder();
        int n = line.length();
        int i = start + 1;
        while (true) {
            if (i >= n) {
                throw new IllegalArgumentException("a field opened with '\"' at column " + (start + 1) + " is not closed");
            }
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                value.append(line.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                i++;
                break;
            } else {
                value.append(c);
                i++;
            }
        }
        if (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            // "h2","http/1.1": a list of quoted items; keep it as written up to the next space outside quotes
            int end = i;
            boolean inQuotes = false;
            while (end < n && (inQuotes || (line.charAt(end) != ' ' && line.charAt(end) != '\t'))) {
                if (line.charAt(end) == '"') {
                    inQuotes = !inQuotes;
                }
                end++;
            }
            fields.add(line.substring(start, end));
            return end;
        }
        fields.add(value.toString());
        return i;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
