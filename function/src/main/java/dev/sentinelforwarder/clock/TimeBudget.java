package dev.sentinelforwarder.clock;

import java.time.Duration;

/**
 * How the end of an invocation is shared out, counted back from its deadline, so that nothing outlives it:
 * reading stops first, then the last attempts at requests end, then the answers are awaited no longer, and
 * what is left is the wrap-up (quarantine, ledger, hand-on message, log line), each call of which gives up
 * within seconds.
 */
public final class TimeBudget {
    /** Kept for the wrap-up: no answer is awaited past this (the ledger and the queue take 4 s each at most). */
    public static final Duration WRAP_UP = Duration.ofSeconds(9);
    /** Every attempt at a request ends this long before the deadline. */
    public static final Duration ATTEMPTS_END = Duration.ofSeconds(12);
    /** No attempt starts with less than this to run: a slow but good answer still arrives in time. */
    public static final Duration MIN_ATTEMPT = Duration.ofSeconds(5);
    /** Reading stops this long before the deadline whatever the input, so the last requests still get an attempt. */
    public static final Duration READING_ENDS = ATTEMPTS_END.plus(MIN_ATTEMPT);
    /**
     * The least {@code TIME_MARGIN_SECONDS}: reading stops between records at the margin, which must leave
     * the last unit time to be packed and sent before {@link #READING_ENDS}.
     */
    public static final Duration MIN_MARGIN = Duration.ofSeconds(20);

    private TimeBudget() {
    }
}
