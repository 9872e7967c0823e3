package dev.sentinelforwarder.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token endpoint of a stand-in for Entra ID, for the Logs Ingestion fake: client credentials with a
 * client secret, an app's certificate (a client assertion it issues about itself, not checked), or a client
 * assertion from another issuer, checked as Entra checks one against a federated identity credential (assertion type; the credential for this client id, issuer, subject and audience; the
 * signature against the issuer's keys, fetched from its OpenID Connect discovery document; the expiry),
 * answering refusals with Entra's AADSTS codes and texts. Issues one bearer token at a time.
 */
final class EntraFake {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final String AUDIENCE = "api://AzureADTokenExchange";

    /** A federated identity credential: the tokens of {@code subject} from {@code issuer} stand for the identity. */
    record FederatedCredential(String issuer, String subject, String audience) {
    }

    /** What a token request got: a token, or Entra's refusal. */
    record Answer(int status, String json) {
    }

    private final Map<String, List<FederatedCredential>> federated = new ConcurrentHashMap<>();
    private final List<Map<String, String>> requests = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String accessToken = "fake-token-" + UUID.randomUUID();
    private volatile String refusedClientSecret;
    private volatile Duration lifetime = Duration.ofHours(1);

    String accessToken() {
        return accessToken;
    }

    void federate(String clientId, FederatedCredential credential) {
        federated.computeIfAbsent(clientId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(credential);
    }

    void forgetFederation(String clientId) {
        federated.remove(clientId);
    }

    void rotateSecret(String oldSecret) {
        refusedClientSecret = oldSecret;
        accessToken = "fake-token-" + UUID.randomUUID();
    }

    void tokenLifetime(Duration value) {
        lifetime = value;
    }

    synchronized List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    Answer token(Map<String, String> form) {
        synchronized (this) {
            requests.add(form);
        }
        String clientId = form.get("client_id");
        String assertion = form.get("client_assertion");
        if (assertion != null && !ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            return refuse(400, "invalid_request", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
        }
        if (assertion != null) {
            Answer refusal = checkAssertion(clientId, assertion);
            if (refusal != null) {
                return refusal;
            }
        } else if (refusedClientSecret != null && refusedClientSecret.equals(form.get("client_secret"))) {
            return refuse(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the"
                    + " request is the client secret value, not the client secret ID.");
        }
        long seconds = lifetime.toSeconds();
        return new Answer(200, "{\"token_type\":\"Bearer\",\"expires_in\":" + seconds + ",\"ext_expires_in\":" + seconds
                + ",\"access_token\":\"" + accessToken + "\"}");
    }

    /** Null when the assertion stands for {@code clientId}, else Entra's refusal. */
    private Answer checkAssertion(String clientId, String assertion) {
        String[] parts = assertion.split("\\.");
        JsonNode header;
        JsonNode claims;
        try {
            header = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | RuntimeException e) {
            return refuse(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        String issuer = claims.path("iss").asText();
        String subject = claims.path("sub").asText();
        if (issuer.equals(clientId) && subject.equals(clientId)) {
            return null; // an app's certificate credential, which it signs itself: not checked here
        }
        String audience = claims.path("aud").isArray() ? claims.path("aud").path(0).asText() : claims.path("aud").asText();
        String presented = " Assertion Issuer: '" + issuer + "'. Assertion Subject: '" + subject + "'. Assertion Audience: '"
                + audience + "'.";
        List<FederatedCredential> credentials = federated.getOrDefault(clientId, List.of());
        if (credentials.stream().noneMatch(c -> c.issuer().equals(issuer))) {
            return refuse(400, "invalid_client", 700211, "No matching federated identity record found for presented assertion issuer"
                    + " '" + issuer + "'." + presented);
        }
        if (credentials.stream().noneMatch(c -> c.issuer().equals(issuer) && c.subject().equals(subject))) {
            return refuse(400, "invalid_client", 700213, "No matching federated identity record found for presented assertion subject"
                    + " '" + subject + "'." + presented);
        }
        if (credentials.stream().noneMatch(c -> c.issuer().equals(issuer) && c.subject().equals(subject) && c.audience().equals(audience))) {
            return refuse(400, "invalid_client", 700212, "No matching federated identity record found for presented assertion audience"
                    + " '" + audience + "'." + presented);
        }
        if (!"RS256".equals(header.path("alg").asText()) || !validSignature(issuer, header.path("kid").asText(), parts)) {
            return refuse(401, "invalid_client", 700027, "Client assertion failed signature validation.");
        }
        if (claims.path("exp").asLong() < Instant.now().getEpochSecond()) {
            return refuse(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        }
        return null;
    }

    /** Verifies the assertion with the issuer's key, found as Entra finds it: discovery document, then JWKS. */
    private boolean validSignature(String issuer, String keyId, String[] parts) {
        try {
            JsonNode discovery = Json.mapper().readTree(get(issuer + "/.well-known/openid-configuration"));
            for (JsonNode key : Json.mapper().readTree(get(discovery.path("jwks_uri").asText())).path("keys")) {
                if (key.path("kid").asText().equals(keyId) && key.path("kty").asText().equals("RSA")) {
                    PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                            new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
                    Signature rsa = Signature.getInstance("SHA256withRSA");
                    rsa.initVerify(publicKey);
                    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                    return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
                }
            }
            return false;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Answer refuse(int status, String error, int code, String text) {
        String description = "AADSTS" + code + ": " + text + " Trace ID: " + UUID.randomUUID() + " Timestamp: " + Instant.now();
        return new Answer(status, Json.mapper().createObjectNode().put("error", error).put("error_description", description)
                .set("error_codes", Json.mapper().createArrayNode().add(code)).toString());
    }
}
