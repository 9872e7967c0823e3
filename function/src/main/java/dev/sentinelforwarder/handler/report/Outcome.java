package dev.sentinelforwarder.handler.report;

import dev.sentinelforwarder.sink.FailureScope;
import dev.sentinelforwarder.sink.Uploader;

/**
 * What became of one object in an invocation.
 *
 * @param stops why other objects of the batch would fail the same way (credentials, a rule's role or outage), or null
 * @param scope which other objects: those bound for the same rule, or sent as the same identity
 * @param by the uploader whose rule or identity failed, or null
 */
public record Outcome(Kind kind, String stops, FailureScope scope, Uploader by) {
    public enum Kind {
        /** Every record accepted or quarantined (or nothing to do). */
        DONE,
        /** Out of time: the records so far settled, the rest handed on to a resume message. */
        HANDED_ON,
        /** Failed part-way: what was settled stays settled, the rest handed on with a delay. */
        RETRY_HANDED_ON,
        /** Not settled: the message must come back. */
        FAILED
    }

    public static final Outcome DONE = new Outcome(Kind.DONE, null, FailureScope.REQUEST, null);
    public static final Outcome HANDED_ON = new Outcome(Kind.HANDED_ON, null, FailureScope.REQUEST, null);
    public static final Outcome RETRY_HANDED_ON = new Outcome(Kind.RETRY_HANDED_ON, null, FailureScope.REQUEST, null);
    public static final Outcome FAILED = new Outcome(Kind.FAILED, null, FailureScope.REQUEST, null);

    /** This outcome, with why objects in {@code scope} of {@code by} would fail the same way. */
    public Outcome stopping(String reason, FailureScope scope, Uploader by) {
        return new Outcome(kind, reason, scope, by);
    }

    /** True when the message is finished with this object: it must not come back for it. */
    public boolean messageDone() {
        return kind != Kind.FAILED;
    }
}
