package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.ColumnType.BOOLEAN;
import static dev.sentinelforwarder.table.ColumnType.DATETIME;
import static dev.sentinelforwarder.table.ColumnType.DYNAMIC;
import static dev.sentinelforwarder.table.ColumnType.GUID;
import static dev.sentinelforwarder.table.ColumnType.INT;
import static dev.sentinelforwarder.table.ColumnType.LONG;
import static dev.sentinelforwarder.table.ColumnType.STRING;

import dev.sentinelforwarder.format.LogType;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in Sentinel tables for AWS logs, as the columns we fill and their types.
 *
 * <p>Names and types follow the Azure Monitor table reference and the table definitions of Azure-Sentinel's
 * AWS connectors. {@code TenantId} and {@code Type} are never sent: the service sets them. Columns we
 * never fill (e.g. CloudTrail's CidrIp) are left out, so the DCR stream declares only what arrives.
 */
public final class Tables {
    public static final TableSchema AWS_CLOUD_TRAIL = schema("AWSCloudTrail",
            "TimeGenerated", DATETIME,
            "AwsEventId", GUID,
            "EventVersion", STRING,
            "EventSource", STRING,
            "EventTypeName", STRING,
            "EventName", STRING,
            "Category", STRING,
            "ManagementEvent", BOOLEAN,
            "ReadOnly", BOOLEAN,
            "AWSRegion", STRING,
            "SourceIpAddress", STRING,
            "UserAgent", STRING,
            "ErrorCode", STRING,
            "ErrorMessage", STRING,
            "RequestParameters", STRING,
            "ResponseElements", STRING,
            "AdditionalEventData", STRING,
            "Resources", STRING,
            "ServiceEventDetails", STRING,
            "AwsRequestId_", STRING,
            "AwsRequestId", GUID,
            "APIVersion", STRING,
            "RecipientAccountId", STRING,
            "SharedEventId", GUID,
            "VpcEndpointId", STRING,
            "TlsVersion", STRING,
            "CipherSuite", STRING,
            "ClientProvidedHostHeader", STRING,
            "UserIdentityType", STRING,
            "UserIdentityPrincipalid", STRING,
            "UserIdentityArn", STRING,
            "UserIdentityAccountId", STRING,
            "UserIdentityInvokedBy", STRING,
            "UserIdentityAccessKeyId", STRING,
            "UserIdentityUserName", STRING,
            "SessionMfaAuthenticated", BOOLEAN,
            "SessionCreationDate", DATETIME,
            "SessionIssuerType", STRING,
            "SessionIssuerPrincipalId", STRING,
            "SessionIssuerArn", STRING,
            "SessionIssuerAccountId", STRING,
            "SessionIssuerUserName", STRING,
            "EC2RoleDelivery", STRING);

    public static final TableSchema AWS_GUARD_DUTY = schema("AWSGuardDuty",
            "TimeGenerated", DATETIME,
            "TimeCreated", DATETIME,
            "SchemaVersion", STRING,
            "AccountId", STRING,
            "Region", STRING,
            "Partition", STRING,
            "Id", STRING,
            "Arn", STRING,
            "ActivityType", STRING,
            "Severity", INT,
            "Title", STRING,
            "Description", STRING,
            "ResourceDetails", DYNAMIC,
            "ServiceDetails", DYNAMIC);

    public static final TableSchema AWS_VPC_FLOW = schemaTimedBy("AWSVPCFlow", "Start",
            "TimeGenerated", DATETIME,
            "Version", INT,
            "AccountId", STRING,
            "InterfaceId", STRING,
            "SrcAddr", STRING,
            "DstAddr", STRING,
            "SrcPort", INT,
            "DstPort", INT,
            "Protocol", INT,
            "Packets", INT,
            "Bytes", LONG,
            "Start", DATETIME,
            "End", DATETIME,
            "Action", STRING,
            "LogStatus", STRING,
            "VpcId", STRING,
            "SubnetId", STRING,
            "InstanceId", STRING,
            "TcpFlags", INT,
            "TrafficType", STRING,
            "PktSrcAddr", STRING,
            "PktDstAddr", STRING,
            "Region", STRING,
            "AzId", STRING,
            "SublocationType", STRING,
            "SublocationId", STRING,
            "PktSrcAwsService", STRING,
            "PktDstAwsService", STRING,
            "FlowDirection", STRING,
            "TrafficPath", STRING,
            "EcsClusterArn", STRING,
            "EcsClusterName", STRING,
            "EcsContainerInstanceArn", STRING,
            "EcsContainerInstanceId", STRING,
            "EcsContainerId", STRING,
            "EcsSecondContainerId", STRING,
            "EcsServiceName", STRING,
            "EcsTaskDefinitionArn", STRING,
            "EcsTaskArn", STRING,
            "EcsTaskId", STRING);

    /**
     * AWSCloudWatch. The three {@code _CF} columns are custom columns a user adds to the table to keep the
     * log group, stream and account; they are filled only when the forwarder is told the table has them.
     */
    public static final TableSchema AWS_CLOUD_WATCH = schemaTimedBy("AWSCloudWatch", "ExtractedTime",
            "TimeGenerated", DATETIME,
            "ExtractedTime", DATETIME,
            "Message", STRING,
            "LogGroup_CF", STRING,
            "LogStream_CF", STRING,
            "AwsAccountId_CF", STRING);

    /**
     * AWSWAF. AWS WAF's log fields under the table's names; RuleGroupId, TerminatingRule and ExcludedRules
     * have no field of their own and come from the rule group that terminated the request (see WafMapper).
     */
    public static final TableSchema AWS_WAF = schema("AWSWAF",
            "TimeGenerated", DATETIME,
            "WebAclId", STRING,
            "Action", STRING,
            "FormatVersion", STRING,
            "HttpSourceName", STRING,
            "HttpSourceId", STRING,
            "TerminatingRuleId", STRING,
            "TerminatingRuleType", STRING,
            "TerminatingRuleMatchDetails", DYNAMIC,
            "RuleGroupId", STRING,
            "TerminatingRule", DYNAMIC,
            "ExcludedRules", DYNAMIC,
            "RuleGroupList", DYNAMIC,
            "RateBasedRuleList", DYNAMIC,
            "NonTerminatingMatchingRules", DYNAMIC,
            "RequestHeadersInserted", DYNAMIC,
            "ResponseCodeSent", INT,
            "HttpRequest", DYNAMIC,
            "ClientIp", STRING,
            "Country", STRING,
            "Headers", DYNAMIC,
            "Uri", STRING,
            "Args", STRING,
            "HttpVersion", STRING,
            "HttpMethod", STRING,
            "RequestId", STRING,
            "Labels", DYNAMIC,
            "CaptchaResponse", DYNAMIC,
            "ChallengeResponse", DYNAMIC,
            "OversizeFields", DYNAMIC,
            "Ja3Fingerprint", STRING);

    /** AWSNetworkFirewallFlow: Microsoft's transform makes every value a string but the flags and times; so do we. */
    public static final TableSchema AWS_NETWORK_FIREWALL_FLOW = schema("AWSNetworkFirewallFlow",
            "TimeGenerated", DATETIME,
            "FirewallName", STRING,
            "AvailabilityZone", STRING,
            "EventTimestamp", STRING,
            "EventType", STRING,
            "FlowId", STRING,
            "SrcIp", STRING,
            "SrcPort", STRING,
            "DestIp", STRING,
            "DestPort", STRING,
            "Proto", STRING,
            "AppProto", STRING,
            "TCPFlags", STRING,
            "Syn", BOOLEAN,
            "Fin", BOOLEAN,
            "Psh", BOOLEAN,
            "Ack", BOOLEAN,
            "Rst", BOOLEAN,
            "Ecn", BOOLEAN,
            "NetFlowPkts", STRING,
            "NetFlowBytes", STRING,
            "NetFlowStart", DATETIME,
            "NetFlowEnd", DATETIME,
            "NetFlowAge", STRING,
            "NetFlowMinttl", STRING,
            "NetFlowMaxttl", STRING);

    public static final TableSchema AWS_NETWORK_FIREWALL_ALERT = schema("AWSNetworkFirewallAlert",
            "TimeGenerated", DATETIME,
            "FirewallName", STRING,
            "AvailabilityZone", STRING,
            "EventTimestamp", DATETIME,
            "EventType", STRING,
            "FlowId", STRING,
            "TxId", STRING,
            "SrcIp", STRING,
            "SrcPort", STRING,
            "DestIp", STRING,
            "DestPort", STRING,
            "Proto", STRING,
            "AppProto", STRING,
            "Severity", STRING,
            "SignatureId", STRING,
            "Rev", STRING,
            "Signature", STRING,
            "AlertAction", STRING,
            "Category", STRING,
            "VerdictAction", STRING,
            "Sni", STRING,
            "Version", STRING,
            "PktSrc", STRING,
            "Direction", STRING);

    public static final TableSchema AWS_NETWORK_FIREWALL_TLS = schema("AWSNetworkFirewallTls",
            "TimeGenerated", DATETIME,
            "FirewallName", STRING,
            "AvailabilityZone", STRING,
            "EventTimestamp", DATETIME,
            "SrcIp", STRING,
            "SrcPort", STRING,
            "DestIp", STRING,
            "DestPort", STRING,
            "Sni", STRING,
            "LeafCertificateFingerprint", STRING,
            "Status", STRING,
            "Action", STRING,
            "ErrorMessage", STRING);

    public static final TableSchema AWS_ROUTE53_RESOLVER = schema("AWSRoute53Resolver",
            "TimeGenerated", DATETIME,
            "Version", STRING,
            "AccountId", STRING,
            "Region", STRING,
            "VpcId", STRING,
            "QueryName", STRING,
            "QueryType", STRING,
            "QueryClass", STRING,
            "Rcode", STRING,
            "Answers", DYNAMIC,
            "SrcAddr", STRING,
            "SrcPort", STRING,
            "Transport", STRING,
            "SrcIds", DYNAMIC,
            "FirewallRuleAction", STRING,
            "FirewallRuleGroupId", STRING,
            "FirewallDomainListId", STRING,
            "LogType", STRING);

    /** AWSS3ServerAccess: the fields of an S3 server access log line, in their order (the Time field is TimeGenerated). */
    public static final TableSchema AWS_S3_SERVER_ACCESS = schema("AWSS3ServerAccess",
            "TimeGenerated", DATETIME,
            "BucketOwner", STRING,
            "Bucket", STRING,
            "RemoteIp", STRING,
            "Requester", STRING,
            "RequestId", STRING,
            "Operation", STRING,
            "Key", STRING,
            "RequestUri", STRING,
            "HttpStatus", INT,
            "ErrorCode", STRING,
            "BytesSent", INT,
            "ObjectSize", INT,
            "TotalTime", INT,
            "TurnAroundTime", INT,
            "Referer", STRING,
            "UserAgent", STRING,
            "VersionId", STRING,
            "HostId", STRING,
            "SignatureVersion", STRING,
            "CipherSuite", STRING,
            "AuthenticationType", STRING,
            "HostHeader", STRING,
            "TLSVersion", STRING,
            "AccessPointARN", STRING,
            "ACLRequired", STRING);

    /** AWSALBAccessLogs: the fields of an ALB access log line, in their order; client and target split into address and port. */
    public static final TableSchema AWS_ALB_ACCESS_LOGS = schema("AWSALBAccessLogs",
            "TimeGenerated", DATETIME,
            "ALBType", STRING,
            "Alb", STRING,
            "ClientIp", STRING,
            "ClientPort", INT,
            "TargetIp", STRING,
            "TargetPort", INT,
            "RequestProcessingTime", STRING,
            "TargetProcessingTime", STRING,
            "ResponseProcessingTime", STRING,
            "ElbStatusCode", INT,
            "TargetStatusCode", STRING,
            "ReceivedBytes", LONG,
            "SentBytes", LONG,
            "RequestRaw", STRING,
            "UserAgent", STRING,
            "SslCipher", STRING,
            "SslProtocol", STRING,
            "TargetGroupArn", STRING,
            "TraceId", STRING,
            "DomainName", STRING,
            "ChosenCertArn", STRING,
            "MatchedRulePriority", STRING,
            "RequestCreationTime", STRING,
            "ActionsExecuted", STRING,
            "RedirectUrl", STRING,
            "LambdaErrorReason", STRING,
            "TargetPortList", STRING,
            "TargetStatusCodeList", STRING,
            "Classification", STRING,
            "ClassificationReason", STRING,
            "ConnTraceId", STRING);

    /**
     * AWSNLBAccessLogs: the fields of an NLB (TLS listener) access log line, in their order. The built-in
     * table's reference page shows the names of the KQL validation schema without their underscores
     * (ClientIP_Port is ClientIPPort); the names it does not show follow the same rule.
     */
    public static final TableSchema AWS_NLB_ACCESS_LOGS = schema("AWSNLBAccessLogs",
            "TimeGenerated", DATETIME,
            "NLBType", STRING,
            "Version", STRING,
            "Nlb", STRING,
            "Listener", STRING,
            "ClientIPPort", STRING,
            "TargetIPPort", STRING,
            "ConnectionTime", STRING,
            "TlsHandshakeTime", STRING,
            "ReceivedBytes", STRING,
            "SentBytes", STRING,
            "IncomingTLSAlert", STRING,
            "ChosenCertArn", STRING,
            "ChosenCertSerial", STRING,
            "TLSCipher", STRING,
            "TLSProtocolVersion", STRING,
            "TLSNamedGroup", STRING,
            "DomainName", STRING,
            "ALPNFEProtocol", STRING,
            "ALPNBEProtocol", STRING,
            "ALPNClientPrefList", STRING,
            "TLSConnectionCreationTime", STRING);

    /** AWSSecurityHubFindings: one row per ASFF finding, the columns of Microsoft's transform. */
    public static final TableSchema AWS_SECURITY_HUB_FINDINGS = schema("AWSSecurityHubFindings",
            "TimeGenerated", DATETIME,
            "AwsRegion", STRING,
            "AwsAccountId", STRING,
            "ComplianceStatus", STRING,
            "ComplianceStatusReasons", DYNAMIC,
            "ComplianceSecurityControlId", STRING,
            "ComplianceSecurityControlParameters", DYNAMIC,
            "ComplianceRelatedRequirements", DYNAMIC,
            "ComplianceAssociatedStandards", DYNAMIC,
            "AwsSecurityFindingTitle", STRING,
            "AwsSecurityFindingId", STRING,
            "AwsSecurityFindingDescription", STRING,
            "AwsSecurityFindingTypes", DYNAMIC,
            "AwsSecurityFindingCreatedAt", DATETIME,
            "AwsSecurityFindingFirstObservedAt", DATETIME,
            "AwsSecurityFindingUpdatedAt", DATETIME,
            "AwsSecurityFindingLastObservedAt", DATETIME,
            "AwsSecurityFindingProcessedAt", DATETIME,
            "AwsSecurityFindingGeneratorId", STRING,
            "AwsSecurityFindingProductArn", STRING,
            "AwsSecurityFindingProductName", STRING,
            "AwsSecurityFindingProductFields", DYNAMIC,
            "AwsSecurityFindingSeverity", DYNAMIC,
            "Remediation", DYNAMIC,
            "SchemaVersion", STRING,
            "Resources", DYNAMIC,
            "RecordState", STRING,
            "WorkflowState", STRING,
            "RawData", DYNAMIC);

    /** All thirteen, in a fixed order. */
    public static final List<TableSchema> ALL = List.of(AWS_CLOUD_TRAIL, AWS_GUARD_DUTY, AWS_VPC_FLOW, AWS_CLOUD_WATCH, AWS_WAF,
            AWS_NETWORK_FIREWALL_FLOW, AWS_NETWORK_FIREWALL_ALERT, AWS_NETWORK_FIREWALL_TLS, AWS_ROUTE53_RESOLVER,
            AWS_S3_SERVER_ACCESS, AWS_ALB_ACCESS_LOGS, AWS_NLB_ACCESS_LOGS, AWS_SECURITY_HUB_FINDINGS);

    private Tables() {
    }

    public static java.util.Optional<TableSchema> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The table the records of {@code type} go to. */
    public static TableSchema of(LogType type) {
        return switch (type) {
            case CLOUDTRAIL -> AWS_CLOUD_TRAIL;
            case GUARDDUTY -> AWS_GUARD_DUTY;
            case VPCFLOW -> AWS_VPC_FLOW;
            case CLOUDWATCH -> AWS_CLOUD_WATCH;
            case WAF -> AWS_WAF;
            case NETWORK_FIREWALL_FLOW -> AWS_NETWORK_FIREWALL_FLOW;
            case NETWORK_FIREWALL_ALERT -> AWS_NETWORK_FIREWALL_ALERT;
            case NETWORK_FIREWALL_TLS -> AWS_NETWORK_FIREWALL_TLS;
            case ROUTE53_RESOLVER -> AWS_ROUTE53_RESOLVER;
            case S3_SERVER_ACCESS -> AWS_S3_SERVER_ACCESS;
            case ALB -> AWS_ALB_ACCESS_LOGS;
            case NLB -> AWS_NLB_ACCESS_LOGS;
            case SECURITY_HUB -> AWS_SECURITY_HUB_FINDINGS;
        };
    }

    /** The log type whose records go to {@code table}. */
    public static LogType typeOf(TableSchema table) {
        return java.util.Arrays.stream(LogType.values()).filter(t -> of(t) == table).findFirst().orElseThrow();
    }

    private static TableSchema schema(String name, Object... namesAndTypes) {
        return schemaTimedBy(name, null, namesAndTypes);
    }

    /** A table whose TimeGenerated is the value of {@code timeColumn} whenever the record has one. */
    private static TableSchema schemaTimedBy(String name, String timeColumn, Object... namesAndTypes) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.add(new Column((String) namesAndTypes[i], (ColumnType) namesAndTypes[i + 1]));
        }
        return new TableSchema(name, columns, timeColumn);
    }
}
