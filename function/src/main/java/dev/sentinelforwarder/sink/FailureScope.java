package dev.sentinelforwarder.sink;

/**
 * How far a failure reaches within one invocation: decided with each answer by {@link RetryPolicy}, acted on by the
 * forwarder, which starts no more objects the failure would fail the same way, and no fewer.
 */
public enum FailureScope {
    /** This request alone (no time left, throttled, Entra not yet aware of a new credential): other objects go on. */
    REQUEST,
    /**
     * Every request to this data collection rule (its role assignment, id, stream, or an outage of its endpoint):
     * objects bound for other rules go on.
     */
    RULE,
    /**
     * Every request to this destination (a workspace whose endpoint gives no answer at all): objects bound for other
     * destinations go on, and go first, instead of each waiting out its own timeout behind it.
     */
    DESTINATION,
    /**
     * Every request sent as the same identity (its credentials): with one identity for every destination no further object
     * can get through; with destinations of their own identities, those of the others go on.
     */
    ALL;

    /** The wider of the two. */
    public FailureScope widest(FailureScope other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
