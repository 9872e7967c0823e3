package dev.sentinelforwarder.sink;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Sends request bodies we built ourselves through the Azure SDK's Logs Ingestion client, which brings
 * the token handling. Its own retries are off: {@link RetryPolicy} retries against the Lambda's
 * deadline instead of a fixed count. Setting Content-Encoding ourselves tells the client the body is
 * already gzipped.
 */
public final class AzureIngestionClient implements IngestionClient, AutoCloseable {
    private final LogsIngestionClient client;
    private final String dcrImmutableId;

    /** Build once per container: each client starts a thread pool and a shutdown hook. */
    public AzureIngestionClient(URI endpoint, String dcrImmutableId, TokenCredential credential, HttpClient httpClient) {
        this.dcrImmutableId = dcrImmutableId;
        this.client = new LogsIngestionClientBuilder()
                .endpoint(endpoint.toString())
                .credential(credential)
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .buildClient();
    }

    @Override
    public SendOutcome send(String stream, PackedRequest request) {
        RequestOptions options = new RequestOptions().setHeader(HttpHeaderName.CONTENT_ENCODING, "gzip");
        try {
            Response<Void> response = client.uploadWithResponse(dcrImmutableId, stream, BinaryData.fromBytes(request.gzipBody()), options);
            if (response.getStatusCode() / 100 == 2) {
                return new SendOutcome.Accepted(request.rows(), request.gzipBody().length);
            }
            return new SendOutcome.Failed(response.getStatusCode(), "unexpected status", "", null);
        } catch (HttpResponseException e) {
            var response = e.getResponse();
            String code = response.getHeaderValue(HttpHeaderName.fromString("x-ms-error-code"));
            return new SendOutcome.Failed(response.getStatusCode(), code == null ? "" : code, firstLine(e.getMessage()),
                    retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
        } catch (RuntimeException e) {
            // Connection refused or reset, TLS or token failures: no HTTP status to report.
            return new SendOutcome.Failed(0, e.getClass().getSimpleName(), firstLine(String.valueOf(e.getMessage())), null);
        }
    }

    /** Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3); null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(header.strip(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
