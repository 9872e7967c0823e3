package dev.sentinelforwarder.sink;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
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
 * The Entra app credential the ingestion client authenticates with: a client secret or a certificate,
 * given directly or read from a Secrets Manager secret. The secret is read on first use, once per
 * container, and its value never leaves this class (not in logs, not in exception messages).
 */
public final class AzureCredentials {
    private static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com/";

    private AzureCredentials() {
    }

    public static TokenCredential create(AzureCredentialsSource source, URI authorityHost, HttpClient httpClient,
            Supplier<SecretsManagerClient> secretsManager) {
        return switch (source) {
            case AzureCredentialsSource.Direct direct -> clientSecret(direct.tenantId(), direct.clientId(), direct.clientSecret(),
                    authorityHost, httpClient);
            case AzureCredentialsSource.FromSecret fromSecret -> new FromSecret(fromSecret.secretArn(), authorityHost, httpClient, secretsManager);
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

    private static TokenCredential certificate(String tenantId, String clientId, String pem, URI authorityHost, HttpClient http) {
        ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                .tenantId(tenantId).clientId(clientId).httpClient(http).authorityHost(authorityHost.toString())
                .pemCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        if (!DEFAULT_AUTHORITY.equals(authorityHost.toString())) {
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    /** Reads the secret when the first token is needed, then delegates to the credential it describes. */
    private static final class FromSecret implements TokenCredential {
        private final String secretArn;
        private final URI authorityHost;
        private final HttpClient httpClient;
        private final Supplier<SecretsManagerClient> secretsManager;
        private volatile TokenCredential delegate;

        FromSecret(String secretArn, URI authorityHost, HttpClient httpClient, Supplier<SecretsManagerClient> secretsManager) {
            this.secretArn = secretArn;
            this.authorityHost = authorityHost;
            this.httpClient = httpClient;
            this.secretsManager = secretsManager;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.defer(() -> delegate().getToken(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            return delegate().getTokenSync(request);
        }

        private TokenCredential delegate() {
            TokenCredential credential = delegate;
            if (credential == null) {
                synchronized (this) {
                    if (delegate == null) {
                        delegate = read();
                    }
                    credential = delegate;
                }
            }
            return credential;
        }

        private TokenCredential read() {
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
}
