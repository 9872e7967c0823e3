package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.ColumnType.BOOLEAN;
import static dev.sentinelforwarder.table.ColumnType.DATETIME;
import static dev.sentinelforwarder.table.ColumnType.DYNAMIC;
import static dev.sentinelforwarder.table.ColumnType.GUID;
import static dev.sentinelforwarder.table.ColumnType.INT;
import static dev.sentinelforwarder.table.ColumnType.LONG;
import static dev.sentinelforwarder.table.ColumnType.STRING;

import java.util.ArrayList;
import java.util.List;

/**
 * The four built-in Sentinel tables, as the columns we fill and their types.
 *
 * <p>Names and types follow the Azure Monitor table reference (AWSCloudTrail, AWSGuardDuty, AWSVPCFlow,
 * AWSCloudWatch). {@code TenantId} and {@code Type} are never sent: the service sets them. Columns we
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

    public static final TableSchema AWS_VPC_FLOW = schema("AWSVPCFlow",
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
    public static final TableSchema AWS_CLOUD_WATCH = schema("AWSCloudWatch",
            "TimeGenerated", DATETIME,
            "ExtractedTime", DATETIME,
            "Message", STRING,
            "LogGroup_CF", STRING,
            "LogStream_CF", STRING,
            "AwsAccountId_CF", STRING);

    /** All four, in a fixed order. */
    public static final List<TableSchema> ALL = List.of(AWS_CLOUD_TRAIL, AWS_GUARD_DUTY, AWS_VPC_FLOW, AWS_CLOUD_WATCH);

    private Tables() {
    }

    private static TableSchema schema(String name, Object... namesAndTypes) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.add(new Column((String) namesAndTypes[i], (ColumnType) namesAndTypes[i + 1]));
        }
        return new TableSchema(name, columns);
    }
}
