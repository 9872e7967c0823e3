package dev.sentinelforwarder.sink;

import java.time.Duration;

/** What to do about one answer of the ingestion API (or the failure to get one): decided by {@link RetryPolicy#judge}. */
public sealed interface Verdict {
    /** The rows are in. */
    record Accept() implements Verdict {
    }

    /** A passing fault: send the same request again after {@code delay}. */
    record Retry(Duration delay) implements Verdict {
    }

    /** The service refused the content: split the request until the refused rows stand alone, then quarantine them. */
    record Split() implements Verdict {
    }

    /** The credentials were refused: read them again (a rotated secret) and send once more. */
    record RenewCredentials() implements Verdict {
    }

    /** Retrying cannot help, now; {@code scope} says what else the same failure stops (see {@link FailureScope}). */
    record GiveUp(String reason, FailureScope scope) implements Verdict {
    }
}
