package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.bool;
import static dev.sentinelforwarder.table.JsonValues.instant;
import static dev.sentinelforwarder.table.JsonValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/** CloudTrail record -> AWSCloudTrail row, with the column names and types of the built-in table. */
public final class CloudTrailMapper extends TableMapper<ObjectNode> {
    /** The record fields this mapper places; any other top-level field is counted as unmapped. */
    static final Set<String> MAPPED_FIELDS = Set.of("eventTime", "eventID", "eventVersion", "eventSource",
            "eventType", "eventName", "eventCategory", "managementEvent", "readOnly", "awsRegion", "sourceIPAddress",
            "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements", "additionalEventData",
            "resources", "serviceEventDetails", "requestID", "apiVersion", "recipientAccountId", "sharedEventID",
            "vpcEndpointId", "tlsDetails", "userIdentity");

    public CloudTrailMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(ObjectNode record) {
        Row row = new Row(Tables.AWS_CLOUD_TRAIL);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(instant(row, "TimeGenerated", record.get("eventTime"))));
        row.guid("AwsEventId", text(record.get("eventID")));
        row.string("EventVersion", text(record.get("eventVersion")));
        row.string("EventSource", text(record.get("eventSource")));
        row.string("EventTypeName", text(record.get("eventType")));
        row.string("EventName", text(record.get("eventName")));
        row.string("Category", text(record.get("eventCategory")));
        bool(row, "ManagementEvent", record.get("managementEvent"));
        bool(row, "ReadOnly", record.get("readOnly"));
        row.string("AWSRegion", text(record.get("awsRegion")));
        row.string("SourceIpAddress", text(record.get("sourceIPAddress")));
        row.string("UserAgent", text(record.get("userAgent")));
        row.string("ErrorCode", text(record.get("errorCode")));
        row.string("ErrorMessage", text(record.get("errorMessage")));
        row.string("RequestParameters", text(record.get("requestParameters")));
        row.string("ResponseElements", text(record.get("responseElements")));
        row.string("AdditionalEventData", text(record.get("additionalEventData")));
        row.string("Resources", text(record.get("resources")));
        row.string("ServiceEventDetails", text(record.get("serviceEventDetails")));
        String requestId = text(record.get("requestID"));
        row.string("AwsRequestId_", requestId);
        row.guid("AwsRequestId", requestId);
        row.string("APIVersion", text(record.get("apiVersion")));
        row.string("RecipientAccountId", text(record.get("recipientAccountId")));
        row.guid("SharedEventId", text(record.get("sharedEventID")));
        row.string("VpcEndpointId", text(record.get("vpcEndpointId")));

        JsonNode tls = record.path("tlsDetails");
        row.string("TlsVersion", text(tls.get("tlsVersion")));
        row.string("CipherSuite", text(tls.get("cipherSuite")));
        row.string("ClientProvidedHostHeader", text(tls.get("clientProvidedHostHeader")));

        JsonNode identity = record.path("userIdentity");
        row.string("UserIdentityType", text(identity.get("type")));
        row.string("UserIdentityPrincipalid", text(identity.get("principalId")));
        row.string("UserIdentityArn", text(identity.get("arn")));
        row.string("UserIdentityAccountId", text(identity.get("accountId")));
        row.string("UserIdentityInvokedBy", text(identity.get("invokedBy")));
        row.string("UserIdentityAccessKeyId", text(identity.get("accessKeyId")));
        row.string("UserIdentityUserName", text(identity.get("userName")));

        JsonNode session = identity.path("sessionContext");
        JsonNode attributes = session.path("attributes");
        bool(row, "SessionMfaAuthenticated", attributes.get("mfaAuthenticated"));
        row.dateTime("SessionCreationDate", instant(row, "SessionCreationDate", attributes.get("creationDate")));
        JsonNode issuer = session.path("sessionIssuer");
        row.string("SessionIssuerType", text(issuer.get("type")));
        row.string("SessionIssuerPrincipalId", text(issuer.get("principalId")));
        row.string("SessionIssuerArn", text(issuer.get("arn")));
        row.string("SessionIssuerAccountId", text(issuer.get("accountId")));
        row.string("SessionIssuerUserName", text(issuer.get("userName")));
        row.string("EC2RoleDelivery", text(session.get("ec2RoleDelivery")));

        countUnmapped(record, MAPPED_FIELDS);
        return new Mapping.Mapped(row);
    }
}
