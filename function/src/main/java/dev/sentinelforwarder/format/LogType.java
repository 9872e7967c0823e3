package dev.sentinelforwarder.format;

import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of AWS log object we read, each bound to the Sentinel table its records go to. */
public enum LogType {
    CLOUDTRAIL(Tables.AWS_CLOUD_TRAIL),
    GUARDDUTY(Tables.AWS_GUARD_DUTY),
    VPCFLOW(Tables.AWS_VPC_FLOW),
    CLOUDWATCH(Tables.AWS_CLOUD_WATCH),
    WAF(Tables.AWS_WAF),
    NETWORK_FIREWALL_FLOW(Tables.AWS_NETWORK_FIREWALL_FLOW),
    NETWORK_FIREWALL_ALERT(Tables.AWS_NETWORK_FIREWALL_ALERT),
    NETWORK_FIREWALL_TLS(Tables.AWS_NETWORK_FIREWALL_TLS),
    ROUTE53_RESOLVER(Tables.AWS_ROUTE53_RESOLVER),
    S3_SERVER_ACCESS(Tables.AWS_S3_SERVER_ACCESS),
    ALB(Tables.AWS_ALB_ACCESS_LOGS),
    NLB(Tables.AWS_NLB_ACCESS_LOGS),
    SECURITY_HUB(Tables.AWS_SECURITY_HUB_FINDINGS);

    private final TableSchema table;

    LogType(TableSchema table) {
        this.table = table;
    }

    public TableSchema table() {
        return table;
    }

    /** The lower-case name used on the command line and in configuration, e.g. {@code vpcflow}, {@code network_firewall_flow}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type whose rows go to {@code table}. */
    public static LogType forTable(TableSchema table) {
        return Arrays.stream(values()).filter(t -> t.table == table).findFirst().orElseThrow();
    }

    /** The type named {@code id} (case-insensitive), if there is one. */
    public static Optional<LogType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }
}
