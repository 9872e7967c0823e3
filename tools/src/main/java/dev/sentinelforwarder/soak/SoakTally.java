package dev.sentinelforwarder.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What became of every source record: accepted by the ingestion fake (once, or more than once), in the
 * quarantine, or neither. One bit per record of each object, so millions of rows cost a few megabytes.
 */
final class SoakTally {
    private final Map<Integer, BitSet> accepted = new ConcurrentHashMap<>();
    private final Map<Integer, BitSet> quarantined = new ConcurrentHashMap<>();
    private final AtomicLong rowsAccepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong strangers = new AtomicLong();
    private final AtomicLong wrongWorkspace = new AtomicLong();
    private final Map<Integer, String> destinations = new ConcurrentHashMap<>();
    private long quarantineEntries;

    /** Where each object's rows belong. */
    void expect(List<SoakObjects.Generated> objects) {
        objects.forEach(o -> destinations.put(o.index(), o.destination()));
    }

    /** A row the fake of {@code destination} accepted (called on its threads). */
    void accepted(String destination, JsonNode row) {
        rowsAccepted.incrementAndGet();
        long id = SoakObjects.idOf(row);
        if (id < 0) {
            strangers.incrementAndGet();
            return;
        }
        if (!destination.equals(destinations.get((int) (id >>> 32)))) {
            wrongWorkspace.incrementAndGet();
        }
        if (!mark(accepted, (int) (id >>> 32), (int) id)) {
            duplicates.incrementAndGet();
        }
    }

    /** Reads every quarantine entry under {@code folder}: refused rows by their id, unreadable records by key and ordinal. */
    void quarantine(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        JsonNode entry = Json.mapper().readTree(line);
                        quarantineEntries++;
                        long id = entry.has("row") ? SoakObjects.idOf(entry.get("row"))
                                : (long) SoakObjects.objectOf(entry.get("key").textValue()) << 32 | entry.get("record").longValue();
                        for (long r = 0; r < entry.path("records").asLong(1); r++) { // a Parquet row group is one entry
                            mark(quarantined, (int) (id >>> 32), (int) (id + r));
                        }
                    }
                }
            }
        }
    }

    /** Marks a record; false when it was marked already. */
    private static boolean mark(Map<Integer, BitSet> marks, int object, int record) {
        BitSet bits = marks.computeIfAbsent(object, o -> new BitSet());
        synchronized (bits) {
            if (bits.get(record)) {
                return false;
            }
            bits.set(record);
            return true;
        }
    }

    /** The account: per record of every object, accepted or quarantined; lost are those neither, outside the DLQ's objects. */
    Account account(List<SoakObjects.Generated> objects, Set<Integer> inDeadLetterQueue) {
        long rows = 0;
        long badLines = 0;
        long distinct = 0;
        long rowsQuarantined = 0;
        long badLinesQuarantined = 0;
        long lost = 0;
        long inDlq = 0;
        for (SoakObjects.Generated object : objects) {
            BitSet sent = accepted.getOrDefault(object.index(), new BitSet());
            BitSet kept = quarantined.getOrDefault(object.index(), new BitSet());
            for (int r = 0; r < object.records(); r++) {
                boolean bad = object.badRecords().contains(r);
                boolean settled = bad ? kept.get(r) : sent.get(r) || kept.get(r);
                if (bad) {
                    badLines++;
                    badLinesQuarantined += kept.get(r) ? 1 : 0;
                } else {
                    rows++;
                    distinct += sent.get(r) ? 1 : 0;
                    rowsQuarantined += !sent.get(r) && kept.get(r) ? 1 : 0;
                }
                if (!settled) {
                    if (inDeadLetterQueue.contains(object.index())) {
                        inDlq++;
                    } else {
                        lost++;
                    }
                }
            }
        }
        return new Account(rows, badLines, distinct, rowsAccepted.get(), duplicates.get(), rowsQuarantined, badLinesQuarantined,
                quarantineEntries, lost, inDlq, strangers.get(), wrongWorkspace.get());
    }

    /**
     * @param rowsLost records neither accepted nor quarantined, whose message is not in the dead-letter queue: must be 0
     * @param recordsInDeadLetterQueue records not settled whose message the queue gave up on (kept there for a redrive)
     * @param rowsInWrongWorkspace rows accepted by another workspace than their object's: must be 0
     */
    record Account(long rowsInSources, long badLinesInSources, long distinctRowsAccepted, long rowsAccepted, long duplicateRowsAccepted,
            long rowsQuarantined, long badLinesQuarantined, long quarantineEntries, long rowsLost, long recordsInDeadLetterQueue,
            long strangeRows, long rowsInWrongWorkspace) {
    }
}
