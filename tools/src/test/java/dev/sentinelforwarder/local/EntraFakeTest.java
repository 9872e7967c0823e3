package dev.sentinelforwarder.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

/** The local Entra checks a client assertion as Entra does before it issues a token, and refuses with Entra's codes. */
class EntraFakeTest {
    private static final String CLIENT = "managed-identity-client-id";

    @Test
    void acceptsATokenFromTheFederatedIssuerAndRefusesOtherSubjectsIssuersAndTamperedTokens() throws Exception {
        try (LocalSts sts = LocalSts.start(); StsClient client = LocalServices.stsClient(sts.endpoint())) {
            EntraFake entra = new EntraFake();
            entra.federate(CLIENT, new EntraFake.FederatedCredential(sts.issuer(), LocalSts.ROLE_ARN, EntraFake.AUDIENCE));
            String token = client.getWebIdentityToken(r -> r.audience(EntraFake.AUDIENCE).signingAlgorithm("RS256").durationSeconds(60))
                    .webIdentityToken();
            String[] parts = token.split("\\.");
            String otherSubject = parts[0] + "." + claims(parts[1], "sub", "arn:aws:iam::111122223333:role/intruder") + "." + parts[2];

            assertThat(entra.token(form(token)).status()).isEqualTo(200);
            EntraFake.Answer forged = entra.token(form(otherSubject));
            assertThat(forged.status()).isEqualTo(400);
            assertThat(description(forged)).startsWith("AADSTS700213: No matching federated identity record found for presented"
                    + " assertion subject 'arn:aws:iam::111122223333:role/intruder'.");

            entra.federate(CLIENT, new EntraFake.FederatedCredential(sts.issuer(), "arn:aws:iam::111122223333:role/intruder",
                    EntraFake.AUDIENCE));
            assertThat(description(entra.token(form(otherSubject)))).as("the signature no longer matches the claims")
                    .startsWith("AADSTS700027: Client assertion failed signature validation.");
            assertThat(description(entra.token(form(token.substring(0, token.length() - 4) + "AAAA")))).startsWith("AADSTS700027");

            entra.forgetFederation(CLIENT);
            assertThat(description(entra.token(form(token)))).startsWith("AADSTS700211: No matching federated identity record found"
                    + " for presented assertion issuer '" + sts.issuer() + "'.");
        }
    }

    private static Map<String, String> form(String assertion) {
        return Map.of("client_id", CLIENT, "grant_type", "client_credentials", "client_assertion_type", EntraFake.ASSERTION_TYPE,
                "client_assertion", assertion, "scope", URLEncoder.encode("https://monitor.azure.com//.default", StandardCharsets.UTF_8));
    }

    private static String claims(String encoded, String field, Object value) throws Exception {
        var claims = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Base64.getUrlDecoder().decode(encoded));
        claims.set(field, Json.mapper().valueToTree(value));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String description(EntraFake.Answer answer) throws Exception {
        JsonNode json = Json.mapper().readTree(answer.json());
        return json.get("error_description").textValue();
    }
}
