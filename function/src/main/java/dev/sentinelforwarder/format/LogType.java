package dev.sentinelforwarder.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of AWS log object we read; the table registry ({@code table.Tables.of}) says which table each fills. */
public enum LogType {
    CLOUDTRAIL,
    GUARDDUTY,
    VPCFLOW,
    CLOUDWATCH,
    WAF,
    NETWORK_FIREWALL_FLOW,
    NETWORK_FIREWALL_ALERT,
    NETWORK_FIREWALL_TLS,
    ROUTE53_RESOLVER,
    S3_SERVER_ACCESS,
    ALB,
    NLB,
    SECURITY_HUB;

    /** The lower-case name used on the command line and in configuration, e.g. {@code vpcflow}, {@code network_firewall_flow}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code id} (case-insensitive), if there is one. */
    public static Optional<LogType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }
}
