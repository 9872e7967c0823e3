package dev.sentinelforwarder.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * What became of the rows of one or more requests after retries and splits: accepted, refused by the
 * service on their own (and kept in quarantine), or not delivered. Rows not delivered leave holes: the
 * record ranges that must be read again by a later attempt.
 *
 * @param holes record ranges {@code [start, end)} whose rows were not settled
 * @param failure the first reason rows were not delivered, or null
 */
public record Delivery(int rowsAccepted, long bytesSent, int requests, int rowsRejected, int retries, int throttles,
        int requestsFailed, List<long[]> holes, Failure failure) {

    /**
     * Why rows were not delivered.
     *
     * @param answer the service's last answer, or null when there was none (no time left, or no request)
     * @param scope what else in the invocation would fail the same way
     */
    public record Failure(SendOutcome.Failed answer, String reason, FailureScope scope) {
        @Override
        public String toString() {
            return answer == null ? reason : answer + " (" + reason + ")";
        }
    }

    public static final Delivery NONE = new Delivery(0, 0, 0, 0, 0, 0, 0, List.of(), null);

    static Delivery accepted(SendOutcome.Accepted accepted) {
        return new Delivery(accepted.rows(), accepted.bytes(), 0, 0, 0, 0, 0, List.of(), null);
    }

    static Delivery rejected(int rows) {
        return new Delivery(0, 0, 0, rows, 0, 0, 0, List.of(), null);
    }

    /** The records {@code [start, end)} were not delivered, for this reason. */
    public static Delivery failed(long start, long end, Failure failure) {
        return new Delivery(0, 0, 0, 0, 0, 0, 1, List.of(new long[] {start, end}), failure);
    }

    /** Counts requests sent, retries among them, and 429 answers. */
    Delivery sent(int moreRequests, int moreRetries, int moreThrottles) {
        return new Delivery(rowsAccepted, bytesSent, requests + moreRequests, rowsRejected, retries + moreRetries,
                throttles + moreThrottles, requestsFailed, holes, failure);
    }

    public Delivery plus(Delivery other) {
        List<long[]> allHoles = holes;
        if (!other.holes.isEmpty()) {
            allHoles = new ArrayList<>(holes);
            allHoles.addAll(other.holes);
        }
        return new Delivery(rowsAccepted + other.rowsAccepted, bytesSent + other.bytesSent, requests + other.requests,
                rowsRejected + other.rowsRejected, retries + other.retries, throttles + other.throttles,
                requestsFailed + other.requestsFailed, allHoles, first(failure, other.failure));
    }

    /** The first failure, unless a later one reaches further: that one decides what happens to the batch. */
    private static Failure first(Failure a, Failure b) {
        if (a == null) {
            return b;
        }
        return b != null && b.scope().ordinal() > a.scope().ordinal() ? b : a;
    }

    /** How far the failure to deliver some rows reaches; REQUEST when all were delivered. */
    public FailureScope scope() {
        return failure == null ? FailureScope.REQUEST : failure.scope();
    }

    /** Every row was accepted or refused and kept: nothing is left to send again. */
    public boolean settled() {
        return holes.isEmpty() && failure == null;
    }
}
