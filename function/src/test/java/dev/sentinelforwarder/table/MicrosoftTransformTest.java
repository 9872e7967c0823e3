package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Our rows equal what Microsoft's own DCR transform makes of the same record (the transforms of the Azure-Sentinel
 * AWS connectors, quoted verbatim below, MIT licence), run by {@link Kql}, but for the differences the README names:
 * TimeGenerated is the event's time where Microsoft's Network Firewall transforms take the ingestion time, a TLS
 * revocation record's fingerprint, status and action are read where AWS writes them, and Alert and Tls
 * EventTimestamp, epoch seconds that Microsoft's stream declares as datetime, is converted by us (the service's own
 * conversion of that text is not documented). Security Hub: Microsoft maps the first finding of an event only; we
 * map each, so the comparison is per event with our row of its first finding.
 */
class MicrosoftTransformTest {
    // Azure/Azure-Sentinel @ 017403db, Solutions/Amazon Web Services NetworkFirewall/Package/mainTemplate.json
    private static final String FLOW = "source | extend TimeGenerated = now()  | extend FirewallName = firewall_name, EventTimestamp = event_timestamp, AvailabilityZone = availability_zone, TCPFlags = tostring(event.tcp.tcp_flags), Syn = tobool(event.tcp.syn), Fin = tobool(event.tcp.fin), Psh = tobool(event.tcp.psh), Ack = tobool(event.tcp.ack), Ecn= tobool(event.tcp.ecn), Rst = tobool(event.tcp.rst),AppProto = tostring(event.app_proto), SrcIp = tostring(event.src_ip), SrcPort = tostring(event.src_port), NetFlowPkts = tostring(event.netflow.pkts), NetFlowBytes = tostring(event.netflow.bytes), NetFlowStart = todatetime(event.netflow.start), NetFlowEnd = todatetime(event.netflow.end), NetFlowAge = tostring(event.netflow.age), NetFlowMinttl = tostring(event.netflow.min_ttl), NetFlowMaxttl = tostring(event.netflow.max_ttl), EventType = tostring(event.event_type) | where EventType == \"netflow\" |extend FlowId = tostring(event.flow_id), DestIp = tostring(event.dest_ip), DestPort = tostring(event.dest_port), Proto = tostring(event.proto)  | project-away event, availability_zone, firewall_name";
    private static final String ALERT = "source | extend TimeGenerated = now(), FirewallName = firewall_name, AvailabilityZone = availability_zone, EventTimestamp = event_timestamp, TxId = tostring(event.tx_id), AppProto = tostring(event.app_proto), SrcIp = tostring(event.src_ip), SrcPort = tostring(event.src_port), EventType = tostring(event.event_type) | where EventType == \"alert\" | extend Severity = tostring(event.alert.severity), SignatureId = tostring(event.alert.signature_id), Rev = tostring(event.alert.rev), Signature = tostring(event.alert.signature), AlertAction = tostring(event.alert.action), Category = tostring(event.alert.category), FlowId = tostring(event.flow_id), DestIp = tostring(event.dest_ip), DestPort = tostring(event.dest_port), Proto = tostring(event.proto), VerdictAction = tostring(event.verdict.action), Sni = tostring(event.tls.sni), Version = tostring(event.tls.version), PktSrc = tostring(event.pkt_src), Direction = tostring(event.direction) | project-away event";
    private static final String TLS = "source | extend TimeGenerated = now(), FirewallName = firewall_name, AvailabilityZone = availability_zone, EventTimestamp = event_timestamp, SrcIp = tostring(event.src_ip), SrcPort = tostring(event.src_port), DestIp = tostring(event.dest_ip), DestPort = tostring(event.dest_port), Sni = tostring(event.sni), LeafCertificateFingerprint = tostring(event.leaf_cert_fpr), Status = tostring(event.status), Action = tostring(event.action), ErrorMessage = tostring(event.tls_error.error_message) | project-away event";
    // Azure/Azure-Sentinel @ 04a412a5, Solutions/Amazon Web Services Route 53/Package/mainTemplate.json
    private static final String RESOLVER = "source | project Version = tostring(version), AccountId = tostring(account_id), Region = tostring(region), VpcId = tostring(vpc_id), TimeGenerated = todatetime(query_timestamp), QueryName = tostring(query_name), QueryType = tostring(query_type), QueryClass = tostring(query_class), Rcode = tostring(rcode), Answers = todynamic(answers), SrcAddr = tostring(srcaddr), SrcPort = tostring(srcport), Transport = tostring(transport), SrcIds = todynamic(srcids), FirewallRuleAction = tostring(firewall_rule_action), FirewallRuleGroupId = tostring(firewall_rule_group_id), FirewallDomainListId = tostring(firewall_domain_list_id), LogType = \"ResolverQueryLogs\"";
    // Azure/Azure-Sentinel @ 2e4cf34a, Solutions/AWS Security Hub/Data Connectors/AWSSecurityHubFindings_CCP/AWSSecurityHubFindings_DCR.json
    private static final String SECURITY_HUB = "source\r| extend TimeGenerated = todatetime(['time'])\r| extend _findings = parse_json(detail).findings[0]\r| project\r    TimeGenerated = todatetime(['time']),\r    AwsRegion = tostring(_findings.Region),\r    AwsAccountId = tostring(_findings.AwsAccountId),\r    ComplianceStatus = tostring(_findings.Compliance.Status),\r    ComplianceStatusReasons = todynamic(_findings.Compliance.StatusReasons),\r    ComplianceSecurityControlId = tostring(_findings.Compliance.SecurityControlId),\r    ComplianceSecurityControlParameters = todynamic(_findings.Compliance.SecurityControlParameters),\r    ComplianceRelatedRequirements = todynamic(_findings.Compliance.RelatedRequirements),\r    ComplianceAssociatedStandards = todynamic(_findings.Compliance.AssociatedStandards),\r    AwsSecurityFindingTitle = tostring(_findings.Title),\r    AwsSecurityFindingId = tostring(_findings.Id),\r    AwsSecurityFindingDescription = tostring(_findings.Description),\r    AwsSecurityFindingTypes = todynamic(_findings.Types),\r    AwsSecurityFindingCreatedAt = todatetime(_findings.CreatedAt),\r    AwsSecurityFindingFirstObservedAt = todatetime(_findings.FirstObservedAt),\r    AwsSecurityFindingUpdatedAt = todatetime(_findings.UpdatedAt),\r    AwsSecurityFindingLastObservedAt = todatetime(_findings.LastObservedAt),\r    AwsSecurityFindingProcessedAt = todatetime(_findings.ProcessedAt),\r    AwsSecurityFindingGeneratorId = tostring(_findings.GeneratorId),\r    AwsSecurityFindingProductArn = tostring(_findings.ProductArn),\r    AwsSecurityFindingProductName = tostring(_findings.ProductName),\r    AwsSecurityFindingProductFields = todynamic(_findings.ProductFields),\r    AwsSecurityFindingSeverity = todynamic(_findings.FindingProviderFields.Severity),\r    Remediation = todynamic(_findings.Remediation),\r    SchemaVersion = tostring(_findings.SchemaVersion),\r    Resources = todynamic(_findings.Resources),\r    RecordState = tostring(_findings.RecordState),\r    WorkflowState = tostring(_findings.WorkflowState),\r    RawData = todynamic(parse_json(detail))";

    private static final Map<String, String> FIREWALL_STREAM = Map.of("firewall_name", "string", "availability_zone", "string",
            "event_timestamp", "string", "event", "dynamic");
    private static final Map<String, String> RESOLVER_STREAM = new LinkedHashMap<>();
    private static final Map<String, String> SECURITY_HUB_STREAM = Map.of("time", "datetime", "detail", "dynamic");

    static {
        for (String column : List.of("version", "account_id", "region", "vpc_id", "query_name", "query_type", "query_class", "rcode",
                "srcaddr", "srcport", "transport", "firewall_rule_action", "firewall_rule_group_id", "firewall_domain_list_id")) {
            RESOLVER_STREAM.put(column, "string");
        }
        RESOLVER_STREAM.putAll(Map.of("query_timestamp", "datetime", "answers", "dynamic", "srcids", "dynamic"));
    }

    private static final String FIREWALL_KEY = "AWSLogs/1/network-firewall/%s/us-east-1/fw/2020/10/01/19/1_network-firewall_%s.log.gz";

    @Test
    void networkFirewallFlowAndAlertRowsEqualMicrosoftsButForTheTime() throws Exception {
        int compared = 0;
        for (String line : lines("aws-samples-seclake/network-firewall/netflow-example.log")) {
            compared += compare(FLOW, FIREWALL_STREAM, line, FIREWALL_KEY.formatted("flow", "flow"), Tables.AWS_NETWORK_FIREWALL_FLOW,
                    Set.of("TimeGenerated"));
        }
        for (String line : lines("otel/network-firewall/alert_log_multi.json")) {
            compared += compare(ALERT, FIREWALL_STREAM, line, FIREWALL_KEY.formatted("alert", "alert"), Tables.AWS_NETWORK_FIREWALL_ALERT,
                    Set.of("TimeGenerated", "EventTimestamp"));
        }
        assertThat(compared).isEqualTo(3);
    }

    @Test
    void networkFirewallTlsErrorRowsEqualMicrosoftsAndRevocationRecordsKeepWhatMicrosoftsTransformMisses() throws Exception {
        String error = "{\"firewall_name\":\"fw\",\"availability_zone\":\"us-east-1a\",\"event_timestamp\":1708361189,\"event\":{"
                + "\"src_ip\":\"10.0.2.54\",\"src_port\":\"55931\",\"dest_ip\":\"198.51.100.8\",\"dest_port\":\"443\",\"timestamp\":"
                + "\"2024-02-19T16:46:29.441824Z\",\"sni\":\"-\",\"tls_error\":{\"error_message\":\"SSL_ERROR_CERT_VERIFY\"}}}";
        assertThat(compare(TLS, FIREWALL_STREAM, error, FIREWALL_KEY.formatted("tls", "tls"), Tables.AWS_NETWORK_FIREWALL_TLS,
                Set.of("TimeGenerated", "EventTimestamp"))).isEqualTo(1);

        String revocation = compact("otel/network-firewall/tls_with_revocation_log.json");
        Map<String, Object> microsofts = Kql.run(TLS, input(FIREWALL_STREAM, Json.mapper().readTree(revocation)));
        Row ours = SampleRows.text(FIREWALL_KEY.formatted("tls", "tls"), revocation + "\n").rows.getFirst();
        assertThat(microsofts.get("LeafCertificateFingerprint")).isNull();
        assertThat(microsofts.get("Status")).isNull();
        assertThat(ours.get("LeafCertificateFingerprint")).isEqualTo("1234567890EXAMPLE0987654321");
        assertThat(ours.get("Status")).isEqualTo("REVOKED");
        assertThat(ours.get("Action")).isEqualTo("DROP");
    }

    @Test
    void route53ResolverRowsEqualMicrosofts() throws Exception {
        String firewall = "{\"version\":\"1.100000\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\",\"vpc_id\":\"vpc-1\","
                + "\"query_timestamp\":\"2026-11-22T10:15:30Z\",\"query_name\":\"evil.example.\",\"query_type\":\"AAAA\",\"query_class\":"
                + "\"IN\",\"rcode\":\"NXDOMAIN\",\"answers\":[],\"srcaddr\":\"2001:db8::5\",\"srcport\":\"53211\",\"transport\":\"UDP\","
                + "\"srcids\":{},\"firewall_rule_action\":\"BLOCK\",\"firewall_rule_group_id\":\"rslvr-frg-1\","
                + "\"firewall_domain_list_id\":\"rslvr-fdl-1\"}";
        String key = "AWSLogs/1/vpcdnsquerylogs/vpc-1/2026/11/22/vpc-1_vpcdnsquerylogs_1_20261122T1015Z_1.log.gz";
        int compared = compare(RESOLVER, RESOLVER_STREAM, firewall, key, Tables.AWS_ROUTE53_RESOLVER, Set.of());
        for (String line : lines("dynatrace/route53-resolver/resolver-record-from-unit-tests.log")) {
            compared += compare(RESOLVER, RESOLVER_STREAM, line, key, Tables.AWS_ROUTE53_RESOLVER, Set.of());
        }
        assertThat(compared).isEqualTo(2);
    }

    @Test
    void securityHubRowsEqualMicrosoftsForTheFirstFindingOfEachEvent() throws Exception {
        String key = "AWSLogs/1/SecurityHubFindings/2025/08/19/01/stream-1-2025-08-19-01-50-00-uuid.gz";
        int compared = 0;
        for (String line : lines("azure-sentinel/security-hub/firehose-object.gz")) {
            compared += compare(SECURITY_HUB, SECURITY_HUB_STREAM, line, key, Tables.AWS_SECURITY_HUB_FINDINGS, Set.of());
        }
        assertThat(compared).isEqualTo(2);
    }

    /** Compares our row of {@code record} with Microsoft's, column by column; returns 1. */
    private static int compare(String transform, Map<String, String> stream, String record, String key, TableSchema table,
            Set<String> differences) throws Exception {
        Map<String, Object> microsofts = Kql.run(transform, input(stream, Json.mapper().readTree(record)));
        assertThat(microsofts).as("Microsoft's transform keeps " + record).isNotNull();
        JsonNode ours = SampleRows.text(key, record + "\n").json(table).getFirst();
        assertThat(table.columns()).as("most columns have a value on both sides: the comparison is not of empty rows")
                .filteredOn(c -> microsofts.get(c.name()) != null && ours.has(c.name())).hasSizeGreaterThan(table.columns().size() / 2);
        for (Column column : table.columns()) {
            if (differences.contains(column.name())) {
                continue;
            }
            assertThat(normal(ours.get(column.name()), column.type())).as(table + "." + column.name() + " of " + record)
                    .isEqualTo(normal(microsofts.get(column.name()), column.type()));
        }
        if (differences.contains("TimeGenerated")) {
            assertThat(microsofts.get("TimeGenerated")).isSameAs(Kql.NOW);
            assertThat(ours.get("TimeGenerated").textValue()).isNotEmpty();
        }
        return 1;
    }

    /** The input row as Microsoft's stream declaration types it. */
    static Map<String, Object> input(Map<String, String> stream, JsonNode record) {
        Map<String, Object> row = new LinkedHashMap<>();
        stream.forEach((column, type) -> {
            JsonNode value = record.get(column);
            if (value == null || value.isNull()) {
                return;
            }
            row.put(column, switch (type) {
                case "string" -> value.isValueNode() ? value.asText() : value.toString();
                case "datetime" -> Timestamps.parseIso(value.asText());
                default -> value;
            });
        });
        return row;
    }

    /** A value as the table holds it, whichever side it comes from. */
    static Object normal(Object value, ColumnType type) {
        return switch (value) {
            case null -> null;
            case JsonNode node when node.isNull() -> null;
            case JsonNode node when type == ColumnType.DATETIME -> Timestamps.parseIso(node.asText());
            case JsonNode node when type == ColumnType.STRING || type == ColumnType.GUID -> node.asText();
            case JsonNode node when type == ColumnType.BOOLEAN -> node.booleanValue();
            case Instant t -> t;
            case Boolean b -> type == ColumnType.DYNAMIC ? BooleanNode.valueOf(b) : b;
            case String s -> type == ColumnType.DYNAMIC ? TextNode.valueOf(s) : s;
            default -> value;
        };
    }

    private static List<String> lines(String resource) throws IOException {
        return new String(bytes(resource), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    private static String compact(String resource) throws IOException {
        return Json.mapper().readTree(bytes(resource)).toString();
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = MicrosoftTransformTest.class.getResourceAsStream("/third-party/" + resource)) {
            byte[] raw = in.readAllBytes();
            if (resource.endsWith(".gz")) {
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                    return gz.readAllBytes();
                }
            }
            return raw;
        }
    }
}
