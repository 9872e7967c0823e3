package dev.sentinelforwarder.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of record ordinals of one object, as sorted, disjoint, non-adjacent half-open ranges
 * {@code [start, end)}: which records of an object are settled (accepted by the ingestion API or in
 * quarantine), so a later attempt passes over them instead of sending them again. Written as text like
 * {@code 0-1200,1350-2000} in resume messages and the ledger.
 */
public final class RecordRanges {
    /** Most ranges carried from one attempt to the next; a resume message and a ledger item stay small. */
    public static final int MAX_RANGES = 1_000;
    public static final RecordRanges NONE = new RecordRanges(new long[0]);

    /** start0, end0, start1, end1, ... */
    private final long[] bounds;

    private RecordRanges(long[] bounds) {
        this.bounds = bounds;
    }

    /** The records {@code [0, end)}. */
    public static RecordRanges before(long end) {
        return end <= 0 ? NONE : new RecordRanges(new long[] {0, end});
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public int size() {
        return bounds.length / 2;
    }

    /** How many records the ranges hold. */
    public long count() {
        long total = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            total += bounds[i + 1] - bounds[i];
        }
        return total;
    }

    public boolean contains(long record) {
        int i = Arrays.binarySearch(bounds, record);
        // an exact hit on an even index is a start (inside); on an odd one an end (outside)
        return i >= 0 ? i % 2 == 0 : (-i - 1) % 2 == 1;
    }

    /** True when every record of {@code [start, end)} is in the ranges. */
    public boolean containsAll(long start, long end) {
        if (end <= start) {
            return true;
        }
        int i = Arrays.binarySearch(bounds, start);
        int range = i >= 0 ? (i % 2 == 0 ? i : -1) : ((-i - 1) % 2 == 1 ? -i - 2 : -1);
        return range >= 0 && bounds[range + 1] >= end;
    }

    public RecordRanges union(RecordRanges other) {
        Builder builder = new Builder();
        int i = 0;
        int j = 0;
        while (i < bounds.length || j < other.bounds.length) {
            if (j >= other.bounds.length || (i < bounds.length && bounds[i] <= other.bounds[j])) {
                builder.add(bounds[i], bounds[i + 1]);
                i += 2;
            } else {
                builder.add(other.bounds[j], other.bounds[j + 1]);
                j += 2;
            }
        }
        return builder.build();
    }

    /** The records of {@code [start, end)} that are not in {@code holes}. */
    public static RecordRanges span(long start, long end, RecordRanges holes) {
        Builder builder = new Builder();
        long at = start;
        for (int i = 0; i < holes.bounds.length && at < end; i += 2) {
            long holeStart = Math.max(holes.bounds[i], start);
            long holeEnd = Math.min(holes.bounds[i + 1], end);
            if (holeEnd <= holeStart) {
                continue;
            }
            builder.add(at, holeStart);
            at = Math.max(at, holeEnd);
        }
        builder.add(at, end);
        return builder.build();
    }

    /**
     * The first {@link #MAX_RANGES} ranges: what an attempt can hand on. Records in the ranges left out are
     * treated as not settled, which can send them again but never loses them.
     */
    public RecordRanges bounded() {
        return size() <= MAX_RANGES ? this : new RecordRanges(Arrays.copyOf(bounds, 2 * MAX_RANGES));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordRanges ranges && Arrays.equals(bounds, ranges.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    /** {@code 0-1200,1350-2000}; empty for no records. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(bounds[i]).append('-').append(bounds[i + 1]);
        }
        return text.toString();
    }

    /** Reads {@link #toString()}'s form strictly: ordered, disjoint, non-empty ranges of non-negative ordinals. */
    public static RecordRanges parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_RANGES) {
            throw new IllegalArgumentException("more than " + MAX_RANGES + " record ranges");
        }
        long[] bounds = new long[parts.length * 2];
        long previousEnd = -1;
        for (int i = 0; i < parts.length; i++) {
            String[] pair = parts[i].split("-", -1);
            long start;
            long end;
            try {
                if (pair.length != 2) {
                    throw new NumberFormatException();
                }
                start = Long.parseLong(pair[0]);
                end = Long.parseLong(pair[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a record range start-end");
            }
            if (start < 0 || end <= start || start <= previousEnd) {
                throw new IllegalArgumentException("record ranges must be non-empty, ascending and apart: '" + text + "'");
            }
            bounds[2 * i] = start;
            bounds[2 * i + 1] = end;
            previousEnd = end;
        }
        return new RecordRanges(bounds);
    }

    /** Collects ranges added in ascending order of their starts, merging those that touch or overlap. */
    public static final class Builder {
        private final List<long[]> ranges = new ArrayList<>();

        public Builder add(long start, long end) {
            if (end <= start) {
                return this;
            }
            long[] last = ranges.isEmpty() ? null : ranges.getLast();
            if (last != null && start < last[0]) {
                throw new IllegalArgumentException("ranges must be added in order of their starts");
            }
            if (last != null && start <= last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                ranges.add(new long[] {start, end});
            }
            return this;
        }

        public RecordRanges build() {
            long[] bounds = new long[ranges.size() * 2];
            for (int i = 0; i < ranges.size(); i++) {
                bounds[2 * i] = ranges.get(i)[0];
                bounds[2 * i + 1] = ranges.get(i)[1];
            }
            return new RecordRanges(bounds);
        }
    }
}
