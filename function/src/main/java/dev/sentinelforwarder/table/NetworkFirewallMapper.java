package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import dev.sentinelforwarder.format.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS Network Firewall log record -> a row of AWSNetworkFirewallFlow, AWSNetworkFirewallAlert or
 * AWSNetworkFirewallTls, by the event's own kind: {@code netflow}, {@code alert}, or a TLS engine record
 * (which has no {@code event_type}). Columns and values follow Microsoft's transforms (values as text,
 * flags as booleans, netflow times as datetimes) with two differences: TimeGenerated is the event's time
 * (Microsoft's is the ingestion time), and a TLS revocation record's fingerprint, status and action are
 * read from {@code event.revocation_check}, where AWS writes them (Microsoft's transform reads paths that
 * are empty for these records).
 */
public final class NetworkFirewallMapper extends TableMapper<JsonFields> {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field FIREWALL_NAME = SELECT.field("firewall_name");
    private static final Field AVAILABILITY_ZONE = SELECT.field("availability_zone");
    private static final Field EVENT_TIMESTAMP = SELECT.field("event_timestamp");
    private static final Field TIMESTAMP = SELECT.field("event.timestamp");
    private static final Field EVENT_TYPE = SELECT.field("event.event_type");
    private static final Field LEAF_CERT = SELECT.field("event.leaf_cert_fpr");
    private static final Field STATUS = SELECT.field("event.status");
    private static final Field ACTION = SELECT.field("event.action");
    private static final Field REVOCATION_LEAF_CERT = SELECT.field("event.revocation_check.leaf_cert_fpr");
    private static final Field REVOCATION_STATUS = SELECT.field("event.revocation_check.status");
    private static final Field REVOCATION_ACTION = SELECT.field("event.revocation_check.action");
    private static final Field TLS_ERROR = SELECT.field("event.tls_error.error_message");
    private static final Field SNI = SELECT.field("event.sni");
    private static final Field ALERT_SNI = SELECT.field("event.tls.sni");
    /** Text columns of all three tables, each with the event path it comes from. */
    private static final Map<String, Field> TEXT = new LinkedHashMap<>();
    /** The TCP flags, booleans in the flow table. */
    private static final Map<String, Field> FLAGS = new LinkedHashMap<>();
    private static final Field NETFLOW_START;
    private static final Field NETFLOW_END;

    static {
        String[][] text = {{"FlowId", "flow_id"}, {"TxId", "tx_id"}, {"SrcIp", "src_ip"}, {"SrcPort", "src_port"},
            {"DestIp", "dest_ip"}, {"DestPort", "dest_port"}, {"Proto", "proto"}, {"AppProto", "app_proto"},
            {"TCPFlags", "tcp.tcp_flags"}, {"NetFlowPkts", "netflow.pkts"}, {"NetFlowBytes", "netflow.bytes"},
            {"NetFlowAge", "netflow.age"}, {"NetFlowMinttl", "netflow.min_ttl"}, {"NetFlowMaxttl", "netflow.max_ttl"},
            {"Severity", "alert.severity"}, {"SignatureId", "alert.signature_id"}, {"Rev", "alert.rev"},
            {"Signature", "alert.signature"}, {"AlertAction", "alert.action"}, {"Category", "alert.category"},
            {"VerdictAction", "verdict.action"}, {"Version", "tls.version"}, {"PktSrc", "pkt_src"}, {"Direction", "direction"}};
        for (String[] column : text) {
            TEXT.put(column[0], SELECT.field("event." + column[1]));
        }
        for (String flag : new String[] {"Syn", "Fin", "Psh", "Ack", "Rst", "Ecn"}) {
            FLAGS.put(flag, SELECT.field("event.tcp." + flag.toLowerCase(java.util.Locale.ROOT)));
        }
        NETFLOW_START = SELECT.field("event.netflow.start");
        NETFLOW_END = SELECT.field("event.netflow.end");
    }

    public static final JsonFields.Selection FIELDS = SELECT.build();

    /** The table of records whose kind does not show (none should exist): the object's, from its key. */
    private final TableSchema objectTable;

    public NetworkFirewallMapper(Instant objectTime, TableSchema objectTable) {
        super(objectTime);
        this.objectTable = objectTable;
    }

    @Override
    public Mapping map(JsonFields record) {
        if (record.text(FIREWALL_NAME) == null && record.text(EVENT_TIMESTAMP) == null) {
            return new Mapping.Skipped("not a Network Firewall log record: no \"firewall_name\" or \"event_timestamp\"");
        }
        String type = record.text(EVENT_TYPE);
        TableSchema table = tableFor(type, record);
        if (table == null) {
            return new Mapping.Skipped("Network Firewall event_type '" + excerpt(type) + "' has no table");
        }
        Row row = new Row(table);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(eventTime(row, record)));
        row.string("FirewallName", record.text(FIREWALL_NAME));
        row.string("AvailabilityZone", record.text(AVAILABILITY_ZONE));
        if (table == Tables.AWS_NETWORK_FIREWALL_FLOW) {
            row.string("EventTimestamp", record.text(EVENT_TIMESTAMP));
        } else {
            row.dateTime("EventTimestamp", epochSecondsOrIso(row, record.text(EVENT_TIMESTAMP)));
        }
        TEXT.forEach((column, field) -> {
            if (table.column(column).isPresent()) {
                row.string(column, record.text(field));
            }
        });
        if (table == Tables.AWS_NETWORK_FIREWALL_FLOW) {
            row.string("EventType", type);
            FLAGS.forEach((column, field) -> JsonValues.bool(row, column, record, field));
            row.dateTime("NetFlowStart", JsonValues.instant(row, "NetFlowStart", record, NETFLOW_START));
            row.dateTime("NetFlowEnd", JsonValues.instant(row, "NetFlowEnd", record, NETFLOW_END));
        } else if (table == Tables.AWS_NETWORK_FIREWALL_ALERT) {
            row.string("EventType", type);
            row.string("Sni", record.text(ALERT_SNI));
        } else {
            row.string("Sni", record.text(SNI));
            row.string("LeafCertificateFingerprint", first(record, REVOCATION_LEAF_CERT, LEAF_CERT));
            row.string("Status", first(record, REVOCATION_STATUS, STATUS));
            row.string("Action", first(record, REVOCATION_ACTION, ACTION));
            row.string("ErrorMessage", record.text(TLS_ERROR));
        }
        countUnmapped(record);
        return new Mapping.Mapped(row);
    }

    private TableSchema tableFor(String type, JsonFields record) {
        if (type == null) {
            boolean tls = record.text(SNI) != null || record.text(TLS_ERROR) != null || record.text(REVOCATION_STATUS) != null;
            return tls ? Tables.AWS_NETWORK_FIREWALL_TLS : objectTable;
        }
        return switch (type) {
            case "netflow" -> Tables.AWS_NETWORK_FIREWALL_FLOW;
            case "alert" -> Tables.AWS_NETWORK_FIREWALL_ALERT;
            case "tls" -> Tables.AWS_NETWORK_FIREWALL_TLS;
            default -> null;
        };
    }

    private static String first(JsonFields record, Field preferred, Field other) {
        String value = record.text(preferred);
        return value != null ? value : record.text(other);
    }

    /** The event's own time (Suricata's {@code event.timestamp}), else the record's {@code event_timestamp}. */
    private static Instant eventTime(Row row, JsonFields record) {
        Instant time = JsonValues.instant(row, "TimeGenerated", record, TIMESTAMP);
        return time != null ? time : epochSecondsOrIso(row, record.text(EVENT_TIMESTAMP));
    }

    /** AWS writes {@code event_timestamp} as epoch seconds, as a string or a number; some tools rewrite it as ISO-8601. */
    private static Instant epochSecondsOrIso(Row row, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() <= 12
                    ? Instant.ofEpochSecond(Long.parseLong(text)) : Timestamps.parseIso(text);
        } catch (DateTimeException e) {
            row.invalid("EventTimestamp", "'" + excerpt(text) + "' is neither epoch seconds nor an ISO-8601 date-time");
            return null;
        }
    }
}
