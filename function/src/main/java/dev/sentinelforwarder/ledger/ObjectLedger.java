package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.pipeline.Deadline;
import dev.sentinelforwarder.pipeline.RecordRanges;

/**
 * Remembers, per object version, whether it was forwarded completely and, while it is not, which of its
 * records are settled, so that neither a second notification (S3 may notify twice, SQS may deliver twice)
 * nor a retry after a failure part-way sends anything again. One invocation at a time holds an object: a
 * claim. A hand-on passes the claim to one resume message, named by a token.
 */
public interface ObjectLedger {
    enum Status {
        /** Ours to forward, from the records not yet settled. */
        CLAIMED,
        /** Forwarded completely before: nothing to do. */
        ALREADY_FORWARDED,
        /** Handed on to a resume message that is in the queue: that message finishes it, nothing to do here. */
        HANDED_ON,
        /** Another invocation holds it: try again later. */
        BUSY
    }

    /** @param done the records settled by earlier attempts (when claimed) */
    record Claim(Status status, RecordRanges done) {
    }

    /**
     * Takes the object version until shortly after {@code deadline}: when nobody holds it (no item, or a
     * claim whose time passed), or when {@code handOff} is the token of the hand-on that is waiting for it.
     *
     * @param handOff the resume message's token, or null for a notification
     */
    Claim claim(ObjectRef object, String handOff, Deadline deadline);

    /** Every record of the version was accepted or quarantined. */
    void completed(ObjectRef object);

    /**
     * The claim passes to the resume message with this token, which was sent (so while the token is there, a
     * resume message that will finish the object exists); {@code done} are the records settled so far.
     */
    void handedOn(ObjectRef object, RecordRanges done, String handOff);

    /** The attempt failed: the next delivery of the message may claim the version at once and go on after {@code done}. */
    void release(ObjectRef object, RecordRanges done);
}
