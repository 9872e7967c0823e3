package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.source.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * One {@link Uploader} per data collection rule of each destination, and the choice of which one takes an object within its
 * destination: a hash of its bucket and key. Deterministic, so a retried or resumed object returns to the rule that has its
 * first rows; spread evenly, so N rules take N times one rule's 2 GB/min and 12,000 requests/min. Each rule has its own
 * uploader and client: a rule (or a workspace) that throttles slows only the objects bound for it.
 */
public final class Uploaders {
    private final Map<String, List<Uploader>> byDestination;

    public Uploaders(List<Uploader> uploaders) {
        if (uploaders.isEmpty()) {
            throw new IllegalArgumentException("at least one data collection rule");
        }
        this.byDestination = uploaders.stream().collect(Collectors.groupingBy(u -> u.destination().name(), LinkedHashMap::new,
                Collectors.toUnmodifiableList()));
    }

    /** The uploader of {@code destination} that takes {@code object}; empty when no such destination is configured. */
    public Optional<Uploader> forObject(ObjectRef object, String destination) {
        List<Uploader> uploaders = byDestination.get(destination);
        return uploaders == null ? Optional.empty() : Optional.of(uploaders.get(indexFor(object, uploaders.size())));
    }

    /** Which of {@code rules} rules takes {@code object}. */
    public static int indexFor(ObjectRef object, int rules) {
        CRC32 crc = new CRC32();
        crc.update((object.bucket() + "/" + object.key()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % rules);
    }
}
