package dev.sentinelforwarder.observe;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this code was built as (the Maven project version), for the init log line and {@code --version}. */
public final class Version {
    private static final String CURRENT = read();

    private Version() {
    }

    /** The built version, e.g. {@code 0.3.0}; {@code unknown} when the classes were not built by Maven. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/sentinelforwarder/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            // Unfiltered (an IDE copying resources itself): say so rather than print the placeholder.
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
