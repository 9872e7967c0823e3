package dev.sentinelforwarder.sink;

import java.time.Duration;

/** What the Logs Ingestion API made of one request. */
public sealed interface SendOutcome permits SendOutcome.Accepted, SendOutcome.Failed {
    record Accepted(int rows, int bytes) implements SendOutcome {
    }

    /**
     * Not accepted.
     *
     * @param status the HTTP status, or 0 when no response arrived (connection refused, reset, timed out)
     * @param errorCode the service's error code ({@code x-ms-error-code}), or a short description
     * @param retryAfter how long the service asked us to wait (429, 503), or null
     */
    record Failed(int status, String errorCode, String message, Duration retryAfter) implements SendOutcome {
        @Override
        public String toString() {
            return status + " " + errorCode + ": " + message;
        }
    }
}
