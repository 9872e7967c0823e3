package dev.sentinelforwarder.config;

/** The environment variables of the CloudWatch companion function (checked against the README like {@link Setting}). */
public enum CompanionSetting {
    CSV_BUCKET(null, "bucket the gzip CSV objects are written to (the forwarder's log bucket)"),
    CSV_PREFIX("", "key prefix before AWSLogs/, e.g. cloudwatch/ (ends with /)"),
    CSV_KMS_KEY_ID(null, "KMS key id or ARN for SSE-KMS; unset means the bucket's default encryption"),
    AWS_REGION(null, "set by Lambda: the region written into each key");

    private final String defaultValue;
    private final String description;

    CompanionSetting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
