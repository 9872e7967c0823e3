package dev.sentinelforwarder.quarantine;

import dev.sentinelforwarder.source.ObjectRef;

/**
 * Keeps what could not be sent (unreadable records, rows the service refused, the unreadable rest of an
 * object) under a prefix of the source object's bucket, so the message can complete without losing
 * anything and without retrying forever. Objects under the prefix are never read as logs.
 */
public final class Quarantine {
    private final String prefix;
    private final QuarantineStore store;

    /** @param prefix key prefix, ending with {@code /} */
    public Quarantine(String prefix, QuarantineStore store) {
        this.prefix = prefix;
        this.store = store;
    }

    /**
     * @param eTag the source version's entity tag as GetObject gave it, so a replay can tell whether the source changed; or null
     * @param destination where the object's rows go, so a replay sends them there too; or null
     */
    public ObjectQuarantine open(ObjectRef object, String eTag, String destination) {
        return new ObjectQuarantine(object, eTag, destination, prefix, store);
    }

    /** True for the forwarder's own quarantine objects, which must not be read as logs. */
    public boolean holds(String key) {
        return key.startsWith(prefix);
    }

    public String prefix() {
        return prefix;
    }
}
