package dev.sentinelforwarder.metrics;

import java.util.List;

/**
 * The names of the forwarder's CloudWatch metrics: the function writes them (Embedded Metric Format) and the CDK
 * app's dashboard and alarms read them, so both take them from here and cannot drift apart.
 */
public final class MetricNames {
    public static final String NAMESPACE = "SentinelAwsForwarder";
    /** The dimension of every document but the per-destination ones: a table, or {@link #ALL}. */
    public static final String TABLE = "Table";
    /** The second dimension of the per-rule documents of {@link #ROWS_DROPPED}. */
    public static final String RULE = "Rule";
    /** The one dimension of the per-destination documents, when there are several destinations (DESTINATIONS). */
    public static final String DESTINATION = "Destination";
    /** The {@link #TABLE} value of counters that belong to no table (messages, refused objects). */
    public static final String ALL = "All";
    /** The tables the forwarder writes, each a {@link #TABLE} value (checked against the function's schemas by a test). */
    public static final List<String> TABLES = List.of("AWSCloudTrail", "AWSGuardDuty", "AWSVPCFlow", "AWSCloudWatch", "AWSWAF",
            "AWSNetworkFirewallFlow", "AWSNetworkFirewallAlert", "AWSNetworkFirewallTls", "AWSRoute53Resolver", "AWSS3ServerAccess",
            "AWSALBAccessLogs", "AWSNLBAccessLogs", "AWSSecurityHubFindings");

    public static final String DUPLICATES_SKIPPED = "DuplicatesSkipped";
    public static final String IGNORED_EVENTS = "IgnoredEvents";
    public static final String MESSAGES = "Messages";
    public static final String MESSAGES_FAILED = "MessagesFailed";
    public static final String MESSAGES_NOT_STARTED = "MessagesNotStarted";
    /** Objects not started because an earlier object bound for the same rule failed for a reason they would share. */
    public static final String OBJECTS_NOT_STARTED = "ObjectsNotStarted";
    public static final String OBJECTS = "Objects";
    public static final String OBJECTS_BUSY_ELSEWHERE = "ObjectsBusyElsewhere";
    public static final String OBJECTS_DELIVERED = "ObjectsDelivered";
    public static final String OBJECTS_FAILED = "ObjectsFailed";
    public static final String OBJECTS_HANDED_ON = "ObjectsHandedOn";
    public static final String OBJECTS_REFUSED = "ObjectsRefused";
    public static final String QUARANTINE_OBJECTS_PASSED_OVER = "QuarantineObjectsPassedOver";
    public static final String QUARANTINED = "Quarantined";
    public static final String RECORDS = "Records";
    public static final String RECORDS_UNREADABLE = "RecordsUnreadable";
    public static final String REQUESTS = "Requests";
    public static final String REQUESTS_FAILED = "RequestsFailed";
    public static final String RETRIES = "Retries";
    public static final String ROWS = "Rows";
    public static final String ROWS_DROPPED = "RowsDropped";
    public static final String ROWS_REJECTED = "RowsRejected";
    public static final String SENT_BYTES = "SentBytes";
    public static final String TEST_EVENTS = "TestEvents";
    public static final String THROTTLES = "Throttles";
    public static final String VALUES_TRUNCATED = "ValuesTruncated";
    public static final String CHECKS_PASSED = "ChecksPassed";
    public static final String CHECKS_FAILED = "ChecksFailed";
    /**
     * Rows whose record names an AWS account that routes to another destination than their object's: quarantined, or sent
     * with the object (OTHER_ACCOUNT_ROWS).
     */
    public static final String ACCOUNT_MISMATCHES = "AccountMismatches";
    /** Quarantine entries a replay did not send: planted or moved, or their source changed or is gone. */
    public static final String REPLAY_ENTRIES_REFUSED = "ReplayEntriesRefused";

    private MetricNames() {
    }
}
