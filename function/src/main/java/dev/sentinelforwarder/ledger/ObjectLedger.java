package dev.sentinelforwarder.ledger;

import dev.sentinelforwarder.notification.ObjectRef;
import dev.sentinelforwarder.pipeline.Deadline;

/**
 * Remembers which object versions were forwarded completely, so a second notification for the same
 * version (S3 may notify twice, SQS may deliver twice) sends nothing again.
 */
public interface ObjectLedger {
    /** The outcome of trying to take an object version for this invocation. */
    enum Claim {
        /** Ours to forward. */
        CLAIMED,
        /** Forwarded completely before: nothing to do. */
        ALREADY_FORWARDED,
        /** Another invocation is forwarding it now: try again later. */
        IN_PROGRESS_ELSEWHERE
    }

    /** Takes the object version until shortly after {@code deadline}, unless it is done or taken. */
    Claim claim(ObjectRef object, Deadline deadline);

    /** Every row of the version was accepted or quarantined. */
    void completed(ObjectRef object);

    /** The rest was handed on: keep the claim for the resume message's invocations. */
    void handedOn(ObjectRef object, Deadline deadline);

    /** The attempt failed: let the next delivery of the message claim it at once. */
    void release(ObjectRef object);
}
