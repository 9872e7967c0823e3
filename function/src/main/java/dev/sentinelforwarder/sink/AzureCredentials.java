package dev.sentinelforwarder.sink;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.ForwarderConfig.AzureCredentialsSource;
import dev.sentinelforwarder.format.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Entra credential the ingestion client authenticates with: by default the function's own AWS identity
 * exchanged for a managed identity's token ({@link AwsIdentityTokens}); else an app's client secret or
 * certificate, given directly or read from a Secrets Manager secret. The secret is read on first use and kept for the
 * container's life, unless {@link Renewable#renew() renewed} after the service refused it (the secret may
 * have been rotated); a secret that cannot be read or used is not kept, so the next invocation reads it
 * again. Its value never leaves this class (not in logs, not in exception messages).
 */
public final class AzureCredentials {
    private static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com/";

    private AzureCredentials() {
    }

    /** @param awsTokens the function's own identity tokens, for {@link AzureCredentialsSource.Federated} */
    public static Renewable create(AzureCredentialsSource source, URI authorityHost, HttpClient httpClient,
            Supplier<SecretsManagerClient> secretsManager, AwsIdentityTokens awsTokens) {
        return switch (source) {
            case AzureCredentialsSource.Federated federated -> new Renewable(() -> {
                awsTokens.forget(); // a renewal after a refusal starts from a fresh AWS token too
                return federated(federated.tenantId(), federated.clientId(), awsTokens, authorityHost, httpClient);
            });
            case AzureCredentialsSource.Direct direct -> new Renewable(() -> clientSecret(direct.tenantId(), direct.clientId(),
                    direct.clientSecret(), authorityHost, httpClient));
            case AzureCredentialsSource.FromSecret fromSecret -> new Renewable(() -> fromSecret(fromSecret.secretArn(),
                    authorityHost, httpClient, secretsManager));
        };
    }

    private static TokenCredential clientSecret(String tenantId, String clientId, String secret, URI authorityHost, HttpClient http) {
        ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .tenantId(tenantId).clientId(clientId).clientSecret(secret).httpClient(http)
                .authorityHost(authorityHost.toString());
        if (!DEFAULT_AUTHORITY.equals(authorityHost.toString())) {
            builder.disableInstanceDiscovery(); // a private or test authority is not in Microsoft's discovery list
        }
        return builder.build();
    }

    /** The managed identity's credential: each assertion is a token AWS signs for the function's role. */
    private static TokenCredential federated(String tenantId, String clientId, AwsIdentityTokens awsTokens, URI authorityHost,
            HttpClient http) {
        ClientAssertionCredentialBuilder builder = new ClientAssertionCredentialBuilder().tenantId(tenantId).clientId(clientId)
                .clientAssertion(awsTokens).httpClient(http).authorityHost(authorityHost.toString());
        if (!DEFAULT_AUTHORITY.equals(authorityHost.toString())) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    private static TokenCredential certificate(String tenantId, String clientId, String pem, URI authorityHost, HttpClient http) {
        ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                .tenantId(tenantId).clientId(clientId).httpClient(http).authorityHost(authorityHost.toString())
                .pemCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        if (!DEFAULT_AUTHORITY.equals(authorityHost.toString())) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    /**
     * A credential built when the first token is needed, from what {@code build} reads, then kept; built
     * anew after {@link #renew()}, which also forgets the tokens the old one had cached.
     */
    public static final class Renewable implements TokenCredential {
        private final Supplier<TokenCredential> build;
        private volatile TokenCredential delegate;

        Renewable(Supplier<TokenCredential> build) {
            this.build = build;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.defer(() -> delegate().getToken(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            return delegate().getTokenSync(request);
        }

        public void renew() {
            delegate = null;
        }

        private TokenCredential delegate() {
            TokenCredential credential = delegate;
            if (credential == null) {
                synchronized (this) {
                    if (delegate == null) {
                        delegate = build.get(); // a failure keeps nothing: the next call builds again
                    }
                    credential = delegate;
                }
            }
            return credential;
        }
    }

    /** The credential a Secrets Manager secret describes. */
    private static TokenCredential fromSecret(String secretArn, URI authorityHost, HttpClient httpClient,
            Supplier<SecretsManagerClient> secretsManager) {
        String value = secretsManager.get().getSecretValue(r -> r.secretId(secretArn)).secretString();
        JsonNode json;
        try {
            json = value == null ? null : Json.mapper().readTree(value);
        } catch (Exception e) {
            json = null; // the parser's message would quote the secret
        }
        String tenantId = text(json, "tenantId");
        String clientId = text(json, "clientId");
        String secret = text(json, "clientSecret");
        String certificate = text(json, "clientCertificate");
        if (tenantId == null || clientId == null || (secret == null) == (certificate == null)) {
            throw new ConfigurationException(List.of("secret " + secretArn + " must be a JSON object with tenantId, clientId"
                    + " and either clientSecret or clientCertificate (PEM with private key and certificate)"));
        }
        return secret != null
                ? clientSecret(tenantId, clientId, secret, authorityHost, httpClient)
                : certificate(tenantId, clientId, certificate, authorityHost, httpClient);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node != null && node.isTextual() && !node.textValue().isBlank() ? node.textValue() : null;
    }
}
