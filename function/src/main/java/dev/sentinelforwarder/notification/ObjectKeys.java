package dev.sentinelforwarder.notification;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** S3 object keys as notifications carry them. */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /**
     * Decodes a notified key exactly once. S3 form-URL-encodes keys in notifications: a space arrives as
     * {@code +} and a plus as {@code %2B}, so this is form decoding, not URI decoding.
     * See https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
     */
    public static String decode(String notifiedKey) {
        return URLDecoder.decode(notifiedKey, StandardCharsets.UTF_8);
    }
}
