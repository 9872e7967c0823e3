package dev.sentinelforwarder.handler;

/** What became of one object in an invocation. */
enum Outcome {
    /** Every record accepted or quarantined. */
    DELIVERED,
    /** The records so far delivered, the rest handed on to a resume message. */
    HANDED_ON,
    /** Not delivered: the message must come back. */
    FAILED,
    /** Not delivered because the ingestion API refused the credentials: the rest of the batch would fail too. */
    REFUSED_CREDENTIALS
}
