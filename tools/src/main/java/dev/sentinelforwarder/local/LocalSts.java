package dev.sentinelforwarder.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local AWS STS endpoint for {@code GetWebIdentityToken} (IAM outbound identity federation), which
 * moto_server does not implement: the AWS Query protocol (a SigV4-signed form POST, an XML answer), RS256
 * JWTs for one role from a local issuer, and that issuer's OpenID Connect discovery document and JWKS, which
 * the local Entra fetches to check the tokens as Entra does. Tests can make it refuse as AWS refuses.
 */
public final class LocalSts implements AutoCloseable {
    /** What the next token requests get instead of a token. */
    public enum Refusal {
        /** The account has not enabled outbound identity federation. */
        FEDERATION_DISABLED,
        /** The role may not call sts:GetWebIdentityToken. */
        ACCESS_DENIED
    }

    public static final String ROLE_ARN = "arn:aws:iam::111122223333:role/SentinelAwsForwarder-forwarder";

    private final HttpServer server;
    private final KeyPair keys;
    private final String keyId = UUID.randomUUID().toString();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Refusal refusal;

    private LocalSts(HttpServer server, KeyPair keys) {
        this.server = server;
        this.keys = keys;
    }

    public static LocalSts start() throws IOException {
        KeyPair keys;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK makes RSA keys", e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalSts sts = new LocalSts(server, keys);
        server.createContext("/", sts::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return sts;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The issuer URL in every token, which hosts the discovery document and JWKS (the account's, on AWS). */
    public String issuer() {
        return endpoint().toString();
    }

    /** Refuse token requests from now on, or answer them again (null). */
    public void refuse(Refusal refusal) {
        this.refusal = refusal;
    }

    /** Tokens issued so far. */
    public int tokensIssued() {
        return issued.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/.well-known/openid-configuration")) {
                answer(exchange, 200, "application/json", Json.mapper().createObjectNode().put("issuer", issuer())
                        .put("jwks_uri", issuer() + "/.well-known/jwks.json").set("id_token_signing_alg_values_supported",
                                Json.mapper().createArrayNode().add("RS256")).toString());
                return;
            }
            if (exchange.getRequestMethod().equals("GET") && path.equals("/.well-known/jwks.json")) {
                answer(exchange, 200, "application/json", jwks());
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                error(exchange, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            } else if (!"GetWebIdentityToken".equals(form.get("Action")) || !"2011-06-15".equals(form.get("Version"))) {
                error(exchange, 400, "InvalidAction", "Could not find operation " + form.get("Action") + " for version " + form.get("Version"));
            } else if (refusal == Refusal.FEDERATION_DISABLED) {
                error(exchange, 403, "OutboundWebIdentityFederationDisabledException",
                        "Outbound web identity federation is disabled for this account");
            } else if (refusal == Refusal.ACCESS_DENIED) {
                error(exchange, 403, "AccessDenied", "User: " + ROLE_ARN + "/session is not authorized to perform:"
                        + " sts:GetWebIdentityToken because no identity-based policy allows the sts:GetWebIdentityToken action");
            } else {
                token(exchange, form);
            }
        }
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        String audience = form.get("Audience.member.1");
        String algorithm = form.getOrDefault("SigningAlgorithm", "");
        long seconds = Long.parseLong(form.getOrDefault("DurationSeconds", "300"));
        if (audience == null || !algorithm.equals("RS256") || seconds < 60 || seconds > 3600) {
            error(exchange, 400, "ValidationError", "GetWebIdentityToken needs an audience, SigningAlgorithm RS256 (ES384 is not"
                    + " served here) and DurationSeconds from 60 to 3600");
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(seconds);
        ObjectNode claims = Json.mapper().createObjectNode().put("iss", issuer()).put("sub", ROLE_ARN).put("aud", audience)
                .put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond()).put("exp", expires.getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        issued.incrementAndGet();
        answer(exchange, 200, "text/xml", "<GetWebIdentityTokenResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetWebIdentityTokenResult><WebIdentityToken>" + sign(claims) + "</WebIdentityToken><Expiration>" + expires
                + "</Expiration></GetWebIdentityTokenResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></GetWebIdentityTokenResponse>");
    }

    private String sign(ObjectNode claims) {
        String header = base64(Json.mapper().createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId).toString());
        String signed = header + "." + base64(claims.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK signs with SHA256withRSA", e);
        }
    }

    private String jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        ObjectNode jwk = Json.mapper().createObjectNode().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", keyId)
                .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
        return Json.mapper().createObjectNode().set("keys", Json.mapper().createArrayNode().add(jwk)).toString();
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        answer(exchange, status, "text/xml", "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
