package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.notification.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One {@link Uploader} per data collection rule, and the one decision of which rule an object's rows go to: a
 * hash of its bucket and key. Deterministic, so a retried or resumed object returns to the rule that has its
 * first rows; spread evenly, so N rules take N times one rule's 2 GB/min and 12,000 requests/min. Each rule
 * has its own uploader and client: a rule that throttles slows only the objects bound for it.
 */
public final class Uploaders {
    private final List<Uploader> uploaders;

    public Uploaders(List<Uploader> uploaders) {
        if (uploaders.isEmpty()) {
            throw new IllegalArgumentException("at least one data collection rule");
        }
        this.uploaders = List.copyOf(uploaders);
    }

    public Uploader forObject(ObjectRef object) {
        return uploaders.get(indexFor(object, uploaders.size()));
    }

    /** Which of {@code rules} rules takes {@code object}. */
    public static int indexFor(ObjectRef object, int rules) {
        CRC32 crc = new CRC32();
        crc.update((object.bucket() + "/" + object.key()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % rules);
    }
}
