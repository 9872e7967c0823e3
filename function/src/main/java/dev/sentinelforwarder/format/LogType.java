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
    CLOUDWATCH(Tables.AWS_CLOUD_WATCH);

    private final TableSchema table;

    LogType(TableSchema table) {
        this.table = table;
    }

    public TableSchema table() {
        return table;
    }

    /** The lower-case name used on the command line and in configuration, e.g. {@code vpcflow}. */
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
