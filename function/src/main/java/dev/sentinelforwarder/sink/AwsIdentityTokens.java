package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.config.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenRequest;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;
import software.amazon.awssdk.services.sts.model.OutboundWebIdentityFederationDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Tokens AWS signs for the function's own role ({@code sts:GetWebIdentityToken}, IAM outbound identity
 * federation), which Entra exchanges for a managed identity's access token: no secret is stored anywhere.
 * Fetched when Entra first needs one (never during SnapStart priming), kept while more than a minute of it is
 * left, and never logged. Errors that only configuration can fix say how.
 */
public final class AwsIdentityTokens implements Supplier<String> {
    /** The audience Entra expects in a federated identity credential's assertion. */
    public static final String AUDIENCE = "api://AzureADTokenExchange";
    /** Entra accepts RS256 issuers only. */
    public static final String ALGORITHM = "RS256";
    /** Short: the token is only exchanged, at once, for Entra's own. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(1);

    private final Supplier<StsClient> sts;
    private final InstantSource clock;
    private String token;
    private Instant expires = Instant.MIN;
    private int fetched;

    public AwsIdentityTokens(Supplier<StsClient> sts, InstantSource clock) {
        this.sts = sts;
        this.clock = clock;
    }

    /** A token with more than a minute left. */
    @Override
    public synchronized String get() {
        if (token == null || !clock.instant().plus(REFRESH_BEFORE).isBefore(expires)) {
            fetch();
        }
        return token;
    }

    /** Forgets the token kept: the next {@link #get()} asks STS again. */
    public synchronized void forget() {
        token = null;
    }

    /** How many tokens were fetched from STS. */
    public synchronized int fetched() {
        return fetched;
    }

    /** The one request the forwarder makes: Entra's audience, RS256, five minutes (what the role's conditions allow). */
    public static GetWebIdentityTokenRequest request() {
        return GetWebIdentityTokenRequest.builder().audience(AUDIENCE).signingAlgorithm(ALGORITHM)
                .durationSeconds((int) LIFETIME.toSeconds()).build();
    }

    private void fetch() {
        GetWebIdentityTokenResponse response;
        try {
            response = sts.get().getWebIdentityToken(request());
        } catch (OutboundWebIdentityFederationDisabledException e) {
            throw new ConfigurationException(List.of("outbound identity federation is disabled in this AWS account: enable it"
                    + " (aws iam enable-outbound-web-identity-federation, or deploy the stack with its default"
                    + " enableOutboundFederation=true), or use AZURE_AUTH=secret"));
        } catch (StsException e) {
            if (e.statusCode() == 403) {
                throw new ConfigurationException(List.of("the function's role may not call sts:GetWebIdentityToken (" + code(e)
                        + "): allow it for audience " + AUDIENCE + ", signing algorithm " + ALGORITHM + " and at most "
                        + LIFETIME.toSeconds() + " s, as the stack does"));
            }
            throw e;
        }
        fetched++;
        token = response.webIdentityToken();
        expires = response.expiration();
    }

    private static String code(StsException e) {
        return e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
    }
}
