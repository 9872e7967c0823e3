package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.config.Destination;
import dev.sentinelforwarder.notification.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * One {@link Uploader} per data collection rule of each destination, and the choice of which one takes an object: its
 * destination, as the configuration routes it, then within the destination a hash of its bucket and key. Deterministic,
 * so a retried or resumed object returns to the rule that has its first rows; spread evenly, so N rules take N times one
 * rule's 2 GB/min and 12,000 requests/min. Each rule has its own uploader and client: a rule (or a workspace) that
 * throttles slows only the objects bound for it.
 */
public final class Uploaders {
    private final Map<String, List<Uploader>> byDestination;
    private final BiFunction<String, String, Destination> route;

    /** @param route the destination of the object at a key, given the account its first record names (or null) */
    public Uploaders(List<Uploader> uploaders, BiFunction<String, String, Destination> route) {
        if (uploaders.isEmpty()) {
            throw new IllegalArgumentException("at least one data collection rule");
        }
        this.byDestination = uploaders.stream().collect(Collectors.groupingBy(u -> u.destination().name(), LinkedHashMap::new,
                Collectors.toUnmodifiableList()));
        this.route = route;
    }

    /** @param recordAccount the account the object's first record names, which counts only where its key names none; or null */
    public Uploader forObject(ObjectRef object, String recordAccount) {
        List<Uploader> uploaders = byDestination.get(route.apply(object.key(), recordAccount).name());
        return uploaders.get(indexFor(object, uploaders.size()));
    }

    /** Which of {@code rules} rules takes {@code object}. */
    public static int indexFor(ObjectRef object, int rules) {
        CRC32 crc = new CRC32();
        crc.update((object.bucket() + "/" + object.key()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % rules);
    }
}
