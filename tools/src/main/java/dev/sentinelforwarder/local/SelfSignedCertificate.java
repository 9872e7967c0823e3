package dev.sentinelforwarder.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away EC certificate for localhost and 127.0.0.1, made at start with the JDK's own keytool
 * (the JDK has no public API to create a certificate, and no library is worth adding for a local fake).
 * The server side presents it; the client side trusts this certificate and nothing else.
 */
public final class SelfSignedCertificate {
    private static final char[] PASSWORD = "local-only".toCharArray();

    private static SelfSignedCertificate shared;

    private final KeyStore keyStore;

    private SelfSignedCertificate(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /**
     * One certificate for every fake in this JVM: keytool takes about a second a run, and a test suite starts a
     * fake in most of its tests. Each fake still has its own port, and a client still trusts this certificate alone.
     */
    public static synchronized SelfSignedCertificate shared() throws IOException {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    private static SelfSignedCertificate create() throws IOException {
        Path dir = Files.createTempDirectory("sentinel-forwarder-tls");
        Path file = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "localhost", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException("keytool could not make a certificate: " + output.strip());
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            return new SelfSignedCertificate(store);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not load the certificate keytool made", e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** For the server: presents the certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a PKCS12 trust store holding only this certificate (password {@code changeit}), for another process. */
    public void writeTrustStore(Path file) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("localhost", keyStore.getCertificate("localhost"));
            try (var out = Files.newOutputStream(file)) {
                trust.store(out, "changeit".toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("could not write the trust store", e);
        }
    }

    /** For clients: trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            Certificate certificate = keyStore.getCertificate("localhost");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("localhost", certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
