package dev.sentinelforwarder.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads VPC Flow Logs text: a header line naming the fields (any subset and order of the v2-v8 fields),
 * then one space-separated record per line. Runs of spaces count as one separator; a header may repeat
 * (e.g. concatenated files) and then applies to the lines after it; a file without a header uses the v2
 * default order. NODATA and SKIPDATA lines are records like any other.
 */
public final class VpcFlowReader implements RecordReader<VpcFlowRecord> {
    private final Lines lines;
    private VpcFlowHeader header = VpcFlowHeader.V2_DEFAULT;
    private long index;

    /** @param maxLineLength longest line read, in characters; longer lines are reported unreadable */
    /** Most fields a line may have: every field a flow log format knows. */
    static final int MAX_FIELDS = VpcFlowHeader.KNOWN_FIELDS.size();

    public VpcFlowReader(InputStream in, int maxLineLength) {
        this.lines = new Lines(in, maxLineLength);
    }

    @Override
    public Read<VpcFlowRecord> next() throws IOException {
        String line;
        while ((line = lines.next()) != null) {
            if (line == Lines.TOO_LONG) {
                return new Read.Unreadable<>(index++, lines.number(), "line is longer than " + lines.maxLength() + " characters");
            }
            String[] tokens = split(line, MAX_FIELDS + 1);
            if (tokens.length == 0) {
                continue;
            }
            if (tokens.length > MAX_FIELDS) {
                // A line of millions of one-character fields would be that many strings: read no further than this.
                return new Read.Unreadable<>(index++, lines.number(), "more than " + MAX_FIELDS
                        + " space-separated fields, more than a flow log record or header has");
            }
            if (isHeader(tokens)) {
                header = new VpcFlowHeader(List.of(tokens));
                continue;
            }
            if (tokens.length != header.fields().size()) {
                return new Read.Unreadable<>(index++, lines.number(), "expected " + header.fields().size()
                        + " space-separated fields (" + String.join(" ", header.fields()) + "), found "
                        + tokens.length);
            }
            return new Read.Record<>(index++, lines.number(), new VpcFlowRecord(header, tokens));
        }
        return null;
    }

    // A header's first token is a field name; a record's first value never is (values are numbers, ids,
    // addresses or "-"). Every other token must at least be shaped like a field name.
    private static boolean isHeader(String[] tokens) {
        if (!VpcFlowHeader.KNOWN_FIELDS.contains(tokens[0])) {
            return false;
        }
        for (String token : tokens) {
            if (!token.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code limit} fields of the line. Hand-written rather than String.split("\\s+"): no regex per line on a path that sees millions of lines. */
    static String[] split(String line, int limit) {
        List<String> tokens = new ArrayList<>(32);
        int n = line.length();
        int i = 0;
        while (i < n && tokens.size() < limit) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(line.substring(start, i));
            }
        }
        return tokens.toArray(new String[0]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
