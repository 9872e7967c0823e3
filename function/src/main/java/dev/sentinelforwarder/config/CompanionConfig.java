package dev.sentinelforwarder.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Configuration of the CloudWatch companion, read once from the environment.
 *
 * @param kmsKeyId null for the bucket's default encryption
 */
public record CompanionConfig(String bucket, String prefix, String kmsKeyId, String region) {
    // S3 bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static CompanionConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String bucket = value(env, Setting.CSV_BUCKET);
        if (bucket == null) {
            problems.add(Setting.CSV_BUCKET + " is required: " + Setting.CSV_BUCKET.description());
        } else if (!BUCKET.matcher(bucket).matches()) {
            problems.add(Setting.CSV_BUCKET + " is not a valid bucket name: '" + bucket + "'");
        }
        String prefix = value(env, Setting.CSV_PREFIX);
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            problems.add(Setting.CSV_PREFIX + " must end with '/', not '" + prefix + "'");
        }
        if (prefix.startsWith("/")) {
            problems.add(Setting.CSV_PREFIX + " must not start with '/'");
        }
        if (java.util.Arrays.asList(prefix.split("/")).contains("AWSLogs")) {
            // The forwarder reads the account at the key's first AWSLogs segment: it must be the one written after the prefix.
            problems.add(Setting.CSV_PREFIX + " must not hold an AWSLogs segment: the companion writes <prefix>AWSLogs/<account>/..."
                    + " and the account is read after the first one, not '" + prefix + "'");
        }
        String region = value(env, Setting.AWS_REGION);
        if (region == null) {
            problems.add(Setting.AWS_REGION + " is required (Lambda sets it)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new CompanionConfig(bucket, prefix, value(env, Setting.CSV_KMS_KEY_ID), region);
    }

    private static String value(Map<String, String> env, Setting setting) {
        String text = env.get(setting.name());
        return text == null || text.isBlank() ? setting.defaultValue() : text.strip();
    }
}
