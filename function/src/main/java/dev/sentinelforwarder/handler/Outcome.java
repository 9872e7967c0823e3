package dev.sentinelforwarder.handler;

/**
 * What became of one object in an invocation.
 *
 * @param fatal why the rest of the batch would fail the same way (credentials, role, rule), or null
 */
record Outcome(Kind kind, String fatal) {
    enum Kind {
        /** Every record accepted or quarantined (or nothing to do). */
        DONE,
        /** Out of time: the records so far settled, the rest handed on to a resume message. */
        HANDED_ON,
        /** Failed part-way: what was settled stays settled, the rest handed on with a delay. */
        RETRY_HANDED_ON,
        /** Not settled: the message must come back. */
        FAILED
    }

    static final Outcome DONE = new Outcome(Kind.DONE, null);
    static final Outcome HANDED_ON = new Outcome(Kind.HANDED_ON, null);
    static final Outcome RETRY_HANDED_ON = new Outcome(Kind.RETRY_HANDED_ON, null);
    static final Outcome FAILED = new Outcome(Kind.FAILED, null);

    Outcome fatal(String reason) {
        return new Outcome(kind, reason);
    }

    /** True when the message is finished with this object: it must not come back for it. */
    boolean messageDone() {
        return kind != Kind.FAILED;
    }
}
