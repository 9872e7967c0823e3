package dev.sentinelforwarder.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * What became of the rows of one packed request after retries and splits: accepted, rejected by the
 * service one by one (400: they go to quarantine), or not delivered (the message must be retried).
 */
public record Delivery(int rowsAccepted, long bytesSent, int requests, List<RejectedRow> rejected,
        List<SendOutcome.Failed> failures, int retries, int throttles) {

    /** A row the service refused on its own, with why, and the record it came from. */
    public record RejectedRow(long recordIndex, String row, SendOutcome.Failed reason) {
    }

    public static final Delivery NONE = new Delivery(0, 0, 0, List.of(), List.of(), 0, 0);

    static Delivery accepted(SendOutcome.Accepted accepted) {
        return new Delivery(accepted.rows(), accepted.bytes(), 1, List.of(), List.of(), 0, 0);
    }

    static Delivery rejected(RejectedRow row) {
        return new Delivery(0, 0, 1, List.of(row), List.of(), 0, 0);
    }

    static Delivery failed(SendOutcome.Failed failure) {
        return new Delivery(0, 0, 1, List.of(), List.of(failure), 0, 0);
    }

    Delivery withRetries(int moreRetries, int moreThrottles) {
        return new Delivery(rowsAccepted, bytesSent, requests, rejected, failures, retries + moreRetries, throttles + moreThrottles);
    }

    public Delivery plus(Delivery other) {
        List<RejectedRow> allRejected = new ArrayList<>(rejected);
        allRejected.addAll(other.rejected);
        List<SendOutcome.Failed> allFailures = new ArrayList<>(failures);
        allFailures.addAll(other.failures);
        return new Delivery(rowsAccepted + other.rowsAccepted, bytesSent + other.bytesSent, requests + other.requests,
                allRejected, allFailures, retries + other.retries, throttles + other.throttles);
    }

    /** Every row was accepted or rejected on its own: nothing is left to retry. */
    public boolean settled() {
        return failures.isEmpty();
    }
}
