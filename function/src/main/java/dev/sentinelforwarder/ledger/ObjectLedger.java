package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;

/**
 * Remembers, per object version, whether it was forwarded completely and, while it is not, which of its
 * records are settled, so that neither a second notification (S3 may notify twice, SQS may deliver twice)
 * nor a retry after a failure part-way sends anything again. One invocation at a time holds an object: a
 * claim. A hand-on passes the claim to one resume message, named by a token. The first claim records the destination the
 * object's rows go to, and every later claim returns it: a retry or a resume sends the rest where the first rows went,
 * whatever the routing says by then.
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

    /**
     * @param done the records settled by earlier attempts (when claimed)
     * @param destination the destination the object's rows go to: the first claim's (when claimed); null when none was given
     */
    record Claim(Status status, RecordRanges done, String destination) {
    }

    /**
     * Takes the object version until shortly after {@code deadline}: when nobody holds it (no item, or a
     * claim whose time passed), or when {@code handOff} is the token of the hand-on that is waiting for it.
     *
     * @param handOff the resume message's token, or null for a notification
     * @param destination where the object's rows go, recorded by the first claim (later claims return that one); or null
     */
    Claim claim(ObjectRef object, String handOff, Deadline deadline, String destination);

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
