package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.bool;
import static dev.sentinelforwarder.table.JsonValues.instant;

import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import java.time.Instant;

/** CloudTrail record -> AWSCloudTrail row, with the column names and types of the built-in table. */
public final class CloudTrailMapper extends TableMapper<JsonFields> {
    // One character over the column limit: the row still sees the value was longer and counts the cut.
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field EVENT_TIME = SELECT.field("eventTime");
    private static final Field EVENT_ID = SELECT.field("eventID");
    private static final Field EVENT_VERSION = SELECT.field("eventVersion");
    private static final Field EVENT_SOURCE = SELECT.field("eventSource");
    private static final Field EVENT_TYPE = SELECT.field("eventType");
    private static final Field EVENT_NAME = SELECT.field("eventName");
    private static final Field EVENT_CATEGORY = SELECT.field("eventCategory");
    private static final Field MANAGEMENT_EVENT = SELECT.field("managementEvent");
    private static final Field READ_ONLY = SELECT.field("readOnly");
    private static final Field AWS_REGION = SELECT.field("awsRegion");
    private static final Field SOURCE_IP = SELECT.field("sourceIPAddress");
    private static final Field USER_AGENT = SELECT.field("userAgent");
    private static final Field ERROR_CODE = SELECT.field("errorCode");
    private static final Field ERROR_MESSAGE = SELECT.field("errorMessage");
    private static final Field REQUEST_PARAMETERS = SELECT.field("requestParameters");
    private static final Field RESPONSE_ELEMENTS = SELECT.field("responseElements");
    private static final Field ADDITIONAL_EVENT_DATA = SELECT.field("additionalEventData");
    private static final Field RESOURCES = SELECT.field("resources");
    private static final Field SERVICE_EVENT_DETAILS = SELECT.field("serviceEventDetails");
    private static final Field REQUEST_ID = SELECT.field("requestID");
    private static final Field API_VERSION = SELECT.field("apiVersion");
    private static final Field RECIPIENT_ACCOUNT_ID = SELECT.field("recipientAccountId");
    private static final Field SHARED_EVENT_ID = SELECT.field("sharedEventID");
    private static final Field VPC_ENDPOINT_ID = SELECT.field("vpcEndpointId");
    private static final Field TLS_VERSION = SELECT.field("tlsDetails.tlsVersion");
    private static final Field CIPHER_SUITE = SELECT.field("tlsDetails.cipherSuite");
    private static final Field HOST_HEADER = SELECT.field("tlsDetails.clientProvidedHostHeader");
    private static final Field IDENTITY_TYPE = SELECT.field("userIdentity.type");
    private static final Field IDENTITY_PRINCIPAL_ID = SELECT.field("userIdentity.principalId");
    private static final Field IDENTITY_ARN = SELECT.field("userIdentity.arn");
    private static final Field IDENTITY_ACCOUNT_ID = SELECT.field("userIdentity.accountId");
    private static final Field IDENTITY_INVOKED_BY = SELECT.field("userIdentity.invokedBy");
    private static final Field IDENTITY_ACCESS_KEY_ID = SELECT.field("userIdentity.accessKeyId");
    private static final Field IDENTITY_USER_NAME = SELECT.field("userIdentity.userName");
    private static final Field MFA_AUTHENTICATED = SELECT.field("userIdentity.sessionContext.attributes.mfaAuthenticated");
    private static final Field SESSION_CREATION_DATE = SELECT.field("userIdentity.sessionContext.attributes.creationDate");
    private static final Field ISSUER_TYPE = SELECT.field("userIdentity.sessionContext.sessionIssuer.type");
    private static final Field ISSUER_PRINCIPAL_ID = SELECT.field("userIdentity.sessionContext.sessionIssuer.principalId");
    private static final Field ISSUER_ARN = SELECT.field("userIdentity.sessionContext.sessionIssuer.arn");
    private static final Field ISSUER_ACCOUNT_ID = SELECT.field("userIdentity.sessionContext.sessionIssuer.accountId");
    private static final Field ISSUER_USER_NAME = SELECT.field("userIdentity.sessionContext.sessionIssuer.userName");
    private static final Field EC2_ROLE_DELIVERY = SELECT.field("userIdentity.sessionContext.ec2RoleDelivery");

    /** The record fields this mapper reads; any other top-level field is counted as unmapped. */
    public static final JsonFields.Selection FIELDS = SELECT.build();

    public CloudTrailMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(JsonFields record) {
        if (record.text(EVENT_VERSION) == null && record.text(EVENT_SOURCE) == null && record.text(EVENT_NAME) == null) {
            // Every CloudTrail event, management, data or Insight, names its version, its source and its name.
            return new Mapping.Skipped("not a CloudTrail event: no \"eventVersion\", \"eventSource\" or \"eventName\"");
        }
        Row row = new Row(Tables.AWS_CLOUD_TRAIL);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(instant(row, "TimeGenerated", record, EVENT_TIME)));
        row.guid("AwsEventId", record.text(EVENT_ID));
        row.string("EventVersion", record.text(EVENT_VERSION));
        row.string("EventSource", record.text(EVENT_SOURCE));
        row.string("EventTypeName", record.text(EVENT_TYPE));
        row.string("EventName", record.text(EVENT_NAME));
        row.string("Category", record.text(EVENT_CATEGORY));
        bool(row, "ManagementEvent", record, MANAGEMENT_EVENT);
        bool(row, "ReadOnly", record, READ_ONLY);
        row.string("AWSRegion", record.text(AWS_REGION));
        row.string("SourceIpAddress", record.text(SOURCE_IP));
        row.string("UserAgent", record.text(USER_AGENT));
        row.string("ErrorCode", record.text(ERROR_CODE));
        row.string("ErrorMessage", record.text(ERROR_MESSAGE));
        row.string("RequestParameters", record.text(REQUEST_PARAMETERS));
        row.string("ResponseElements", record.text(RESPONSE_ELEMENTS));
        row.string("AdditionalEventData", record.text(ADDITIONAL_EVENT_DATA));
        row.string("Resources", record.text(RESOURCES));
        row.string("ServiceEventDetails", record.text(SERVICE_EVENT_DETAILS));
        String requestId = record.text(REQUEST_ID);
        row.string("AwsRequestId_", requestId);
        row.guidWhenOne("AwsRequestId", requestId);
        row.string("APIVersion", record.text(API_VERSION));
        row.string("RecipientAccountId", record.text(RECIPIENT_ACCOUNT_ID));
        row.guid("SharedEventId", record.text(SHARED_EVENT_ID));
        row.string("VpcEndpointId", record.text(VPC_ENDPOINT_ID));

        row.string("TlsVersion", record.text(TLS_VERSION));
        row.string("CipherSuite", record.text(CIPHER_SUITE));
        row.string("ClientProvidedHostHeader", record.text(HOST_HEADER));

        row.string("UserIdentityType", record.text(IDENTITY_TYPE));
        row.string("UserIdentityPrincipalid", record.text(IDENTITY_PRINCIPAL_ID));
        row.string("UserIdentityArn", record.text(IDENTITY_ARN));
        row.string("UserIdentityAccountId", record.text(IDENTITY_ACCOUNT_ID));
        row.string("UserIdentityInvokedBy", record.text(IDENTITY_INVOKED_BY));
        row.string("UserIdentityAccessKeyId", record.text(IDENTITY_ACCESS_KEY_ID));
        row.string("UserIdentityUserName", record.text(IDENTITY_USER_NAME));

        bool(row, "SessionMfaAuthenticated", record, MFA_AUTHENTICATED);
        row.dateTime("SessionCreationDate", instant(row, "SessionCreationDate", record, SESSION_CREATION_DATE));
        row.string("SessionIssuerType", record.text(ISSUER_TYPE));
        row.string("SessionIssuerPrincipalId", record.text(ISSUER_PRINCIPAL_ID));
        row.string("SessionIssuerArn", record.text(ISSUER_ARN));
        row.string("SessionIssuerAccountId", record.text(ISSUER_ACCOUNT_ID));
        row.string("SessionIssuerUserName", record.text(ISSUER_USER_NAME));
        row.string("EC2RoleDelivery", record.text(EC2_ROLE_DELIVERY));

        countUnmapped(record);
        return new Mapping.Mapped(row);
    }
}
