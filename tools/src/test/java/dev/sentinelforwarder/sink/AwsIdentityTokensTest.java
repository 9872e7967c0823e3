package dev.sentinelforwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LocalSts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

/** The function's own identity tokens, from the real STS client against the local STS (AWS Query protocol). */
class AwsIdentityTokensTest {
    @Test
    void asksForAShortRs256TokenForEntraAndKeepsItUntilAMinuteBeforeItExpires() throws Exception {
        try (LocalSts sts = LocalSts.start(); StsClient client = LocalServices.stsClient(sts.endpoint())) {
            Duration[] offset = {Duration.ZERO}; // the system clock, moved forward by hand
            AwsIdentityTokens tokens = new AwsIdentityTokens(() -> client, () -> Instant.now().plus(offset[0]));

            String first = tokens.get();
            String again = tokens.get();
            offset[0] = Duration.ofSeconds(230); // 70 s left: still kept
            String later = tokens.get();
            offset[0] = Duration.ofSeconds(241); // 59 s left: renewed
            String renewed = tokens.get();

            assertThat(again).isSameAs(first);
            assertThat(later).isSameAs(first);
            assertThat(renewed).isNotEqualTo(first);
            assertThat(tokens.fetched()).isEqualTo(2);
            assertThat(sts.tokensIssued()).isEqualTo(2);
            JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(first.split("\\.")[1]));
            JsonNode header = Json.mapper().readTree(Base64.getUrlDecoder().decode(first.split("\\.")[0]));
            assertThat(header.get("alg").textValue()).isEqualTo("RS256");
            assertThat(claims.get("aud").textValue()).isEqualTo("api://AzureADTokenExchange");
            assertThat(claims.get("sub").textValue()).isEqualTo(LocalSts.ROLE_ARN);
            assertThat(claims.get("iss").textValue()).isEqualTo(sts.issuer());
            assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(300);

            tokens.forget();
            tokens.get();
            assertThat(sts.tokensIssued()).isEqualTo(3);
        }
    }

    @Test
    void refusalsOnlyConfigurationCanFixSayHowAndAreNotRetried() throws Exception {
        try (LocalSts sts = LocalSts.start(); StsClient client = LocalServices.stsClient(sts.endpoint())) {
            AwsIdentityTokens tokens = new AwsIdentityTokens(() -> client, Clock.systemUTC());

            sts.refuse(LocalSts.Refusal.FEDERATION_DISABLED);
            assertThatThrownBy(tokens::get).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("outbound identity federation is disabled in this AWS account");
            sts.refuse(LocalSts.Refusal.ACCESS_DENIED);
            assertThatThrownBy(tokens::get).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("the function's role may not call sts:GetWebIdentityToken (AccessDenied)");
            assertThat(sts.tokensIssued()).isZero();
        }
    }
}
