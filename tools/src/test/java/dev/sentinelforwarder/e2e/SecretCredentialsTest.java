package dev.sentinelforwarder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.config.ConfigurationException;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.sink.AzureCredentials;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Entra credentials read from a Secrets Manager secret (moto), then used against the fake token endpoint. */
class SecretCredentialsTest {
    private static final TokenRequestContext MONITOR = new TokenRequestContext().addScopes("https://monitor.azure.com//.default");

    @TempDir
    Path tmp;

    @Test
    void aCertificateInTheSecretSignsTheTokenRequest() throws Exception {
        try (MotoServer moto = MotoServer.start(); SecretsManagerClient secrets = moto.secretsManager();
                LogsIngestionFake entra = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            String secret = Json.mapper().createObjectNode().put("tenantId", "t1").put("clientId", "cert-client")
                    .put("clientCertificate", pem()).toString();
            String arn = secrets.createSecret(r -> r.name("cert-app").secretString(secret)).arn();

            TokenCredential credential = credential(arn, entra, secrets);

            assertThat(credential.getTokenSync(MONITOR).getToken()).startsWith("fake-token-");
            assertThat(entra.tokenRequests()).singleElement().satisfies(form -> {
                assertThat(form).containsEntry("client_id", "cert-client")
                        .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                        .doesNotContainKey("client_secret");
                assertThat(form.get("client_assertion")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
            });
        }
    }

    @Test
    void aMalformedSecretIsRefusedWithoutQuotingIt() throws Exception {
        try (MotoServer moto = MotoServer.start(); SecretsManagerClient secrets = moto.secretsManager();
                LogsIngestionFake entra = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams())) {
            String arn = secrets.createSecret(r -> r.name("broken").secretString("{\"clientSecret\":\"do-not-print-me\"")).arn();

            TokenCredential credential = credential(arn, entra, secrets);

            assertThatThrownBy(() -> credential.getTokenSync(MONITOR))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("secret " + arn + " must be a JSON object with tenantId, clientId and either clientSecret"
                            + " or clientCertificate")
                    .message().doesNotContain("do-not-print-me");
        }
    }

    private static TokenCredential credential(String arn, LogsIngestionFake entra, SecretsManagerClient secrets) {
        return AzureCredentials.create(new ForwarderConfig.AzureCredentialsSource.FromSecret(arn), URI.create(entra.endpoint() + "/"),
                new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(entra.clientSslContext())).build(),
                () -> secrets, null);
    }

    /** An RSA key and its self-signed certificate in one PEM, as an app registration would use. */
    private String pem() throws Exception {
        Path store = tmp.resolve("app.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=sentinel-forwarder-test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit"))
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) keys.getKey("app", "changeit".toCharArray());
        Certificate certificate = keys.getCertificate("app");
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes());
        return "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n"
                + "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
