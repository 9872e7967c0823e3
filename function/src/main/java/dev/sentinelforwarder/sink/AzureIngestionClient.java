package dev.sentinelforwarder.sink;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.DataCollectionRule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Sends request bodies we built ourselves through the Azure SDK's Logs Ingestion client, which brings
 * the token handling. Its own retries are off: {@link RetryPolicy} retries against the Lambda's
 * deadline instead of a fixed count. Setting Content-Encoding ourselves tells the client the body is
 * already gzipped. Each attempt waits at most the timeout it is given ({@code azure-response-timeout},
 * which the JDK HTTP client honours per request).
 */
public final class AzureIngestionClient implements IngestionClient, AutoCloseable {
    /** How soon after one renewal another is pointless: the other requests that got a 401 meanwhile share it. */
    static final Duration RENEWAL_SPACING = Duration.ofSeconds(30);

    private final DataCollectionRule rule;
    private final AzureCredentials.Renewable credential;
    private final HttpClient httpClient;
    private volatile LogsIngestionClient client;
    private Instant renewed = Instant.MIN;

    /** Build once per container: each client starts a thread pool and a shutdown hook. */
    public AzureIngestionClient(DataCollectionRule rule, AzureCredentials.Renewable credential, HttpClient httpClient) {
        this.rule = rule;
        this.credential = credential;
        this.httpClient = httpClient;
        this.client = build();
    }

    private LogsIngestionClient build() {
        return new LogsIngestionClientBuilder()
                .endpoint(rule.endpoint().toString())
                .credential(credential)
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .buildClient();
    }

    @Override
    public DataCollectionRule rule() {
        return rule;
    }

    @Override
    public SendOutcome send(String stream, PackedRequest request, Duration timeout) {
        RequestOptions options = new RequestOptions().setHeader(HttpHeaderName.CONTENT_ENCODING, "gzip")
                .setContext(new Context("azure-response-timeout", timeout));
        try {
            Response<Void> response = client.uploadWithResponse(rule.immutableId(), stream, BinaryData.fromBytes(request.gzipBody()), options);
            if (response.getStatusCode() / 100 == 2) {
                return new SendOutcome.Accepted(request.rows(), request.gzipBody().length);
            }
            return new SendOutcome.Failed(response.getStatusCode(), "unexpected status", "", null);
        } catch (HttpResponseException e) {
            return e.getResponse() != null ? answer(e) : notSent(e); // an answer of the API, or no token to send
        } catch (RuntimeException e) {
            return notSent(e);
        }
    }

    /**
     * Why no request could be sent, wherever in the chain the reason is (azure-identity and reactor wrap what
     * they call): configuration (a secret or role that cannot work: fatal), Entra finding no federated identity
     * credential for the function's AWS tokens (also for minutes after one is made), Entra refusing the
     * credentials, or a passing fault (Entra, STS or Secrets Manager out of reach or throttling, a reset).
     */
    static SendOutcome.Failed notSent(RuntimeException e) {
        boolean refused = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConfigurationException configuration) {
                return new SendOutcome.Failed(0, RetryPolicy.CREDENTIALS_INVALID, String.join("; ", configuration.problems()), null);
            }
            if (cause instanceof AwsServiceException aws) {
                // Secrets Manager or STS answered: 4xx (no such secret, access denied) is configuration; 5xx and throttling pass.
                boolean configuration = aws.statusCode() / 100 == 4 && !aws.isThrottlingException();
                return new SendOutcome.Failed(0, configuration ? RetryPolicy.CREDENTIALS_INVALID : aws.getClass().getSimpleName(),
                        "getting the credentials: " + firstLine(aws.getMessage()), null);
            }
            if (cause instanceof SdkClientException aws && String.valueOf(aws.getMessage()).startsWith("Unable to load credentials")) {
                // No AWS credentials to ask STS with (never in Lambda; a shell running `check` without a sign-in)
                return new SendOutcome.Failed(0, RetryPolicy.AWS_CREDENTIALS_MISSING, "getting the AWS token: there are no AWS"
                        + " credentials to ask STS with", null);
            }
            if (cause instanceof SdkClientException aws) {
                // STS (or Secrets Manager) not reached: a network failure, passing or not, on the AWS side
                Throwable root = rootCause(aws);
                return new SendOutcome.Failed(0, RetryPolicy.AWS_UNREACHABLE, "getting the credentials from AWS: "
                        + root.getClass().getSimpleName() + ": " + firstLine(String.valueOf(root.getMessage())), null);
            }
            if (cause.getMessage() != null && cause.getMessage().contains("AADSTS")) { // Entra answered with a refusal
                String message = firstLine(cause.getMessage());
                return new SendOutcome.Failed(0, UNMATCHED_FEDERATION.matcher(message).find() ? RetryPolicy.FEDERATION_UNMATCHED
                        : RetryPolicy.CREDENTIALS_REFUSED, message, null);
            }
            refused |= cause instanceof ClientAuthenticationException;
        }
        Throwable root = rootCause(e);
        if (refused && !(root instanceof java.io.IOException)) {
            return new SendOutcome.Failed(0, RetryPolicy.CREDENTIALS_REFUSED, firstLine(e.getMessage()), null);
        }
        if (root instanceof java.net.http.HttpTimeoutException || root instanceof java.util.concurrent.TimeoutException
                || root instanceof java.net.SocketTimeoutException) {
            // Connected, or trying to, and nothing came back in the attempt's time: told apart from a refused connection.
            return new SendOutcome.Failed(0, RetryPolicy.NO_ANSWER, root.getClass().getSimpleName() + ": "
                    + firstLine(String.valueOf(root.getMessage())), null);
        }
        // Connection refused or reset, timed out, TLS: no HTTP status to report.
        return new SendOutcome.Failed(0, root.getClass().getSimpleName(), firstLine(String.valueOf(root.getMessage())), null);
    }

    /** Entra's "no matching federated identity record found for presented assertion" (issuer, audience, subject). */
    private static final java.util.regex.Pattern UNMATCHED_FEDERATION = java.util.regex.Pattern.compile("AADSTS70021[123]?\\b");

    private static SendOutcome.Failed answer(HttpResponseException e) {
        var response = e.getResponse();
        String code = response.getHeaderValue(HttpHeaderName.fromString("x-ms-error-code"));
        return new SendOutcome.Failed(response.getStatusCode(), code == null ? "" : code, firstLine(e.getMessage()),
                retryAfter(response.getHeaderValue(HttpHeaderName.RETRY_AFTER)));
    }

    @Override
    public synchronized void renewCredentials() {
        Instant now = Instant.now();
        if (renewed.plus(RENEWAL_SPACING).isAfter(now)) {
            return;
        }
        renewed = now;
        credential.renew();
        LogsIngestionClient old = client;
        client = build(); // its pipeline caches the token the service refused
        old.close();
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

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
