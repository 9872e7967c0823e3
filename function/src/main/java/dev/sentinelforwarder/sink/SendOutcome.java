package dev.sentinelforwarder.sink;

/** What the Logs Ingestion API made of one request. */
public sealed interface SendOutcome permits SendOutcome.Accepted, SendOutcome.Failed {
    record Accepted(int rows, int bytes) implements SendOutcome {
    }

    /**
     * Not accepted after the client's own retries.
     *
     * @param status the HTTP status, or 0 when no response arrived (connection failure)
     * @param errorCode the service's error code ({@code x-ms-error-code}), or a short description
     */
    record Failed(int status, String errorCode, String message) implements SendOutcome {
        /** 401/403: the credentials or the role assignment, not the data. */
        public boolean isAuthorization() {
            return status == 401 || status == 403;
        }
    }
}
