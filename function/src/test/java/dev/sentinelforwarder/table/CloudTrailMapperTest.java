package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.JsonFields;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudTrailMapperTest {
    private static final Instant OBJECT_TIME = Instant.parse("2026-11-22T11:00:00Z");

    @Test
    void fillsEveryColumnWithItsTypedValue() throws Exception {
        JsonNode record;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/cloudtrail-every-column.json")) {
            record = Json.mapper().readTree(in).get("Records").get(0);
        }
        CloudTrailMapper mapper = new CloudTrailMapper(OBJECT_TIME);

        ObjectNode row = (ObjectNode) RowTest.write(mapped(mapper, record(record.toString())));

        assertThat(SchemaConformance.problems(Tables.AWS_CLOUD_TRAIL, row)).isEmpty();
        // The nested objects arrive as their JSON text: parsed again, they equal the source.
        Map<String, String> jsonTextColumns = Map.of("RequestParameters", "requestParameters",
                "AdditionalEventData", "additionalEventData", "Resources", "resources",
                "ServiceEventDetails", "serviceEventDetails");
        jsonTextColumns.forEach((column, field) -> {
            try {
                assertThat(Json.mapper().readTree(row.get(column).textValue())).isEqualTo(record.get(field));
            } catch (Exception e) {
                throw new AssertionError(column, e);
            }
        });
        assertThat(row.has("ResponseElements")).as("responseElements is null in the source").isFalse();
        ObjectNode rest = row.deepCopy();
        rest.remove(jsonTextColumns.keySet());
        assertThat(Json.mapper().convertValue(rest, Map.class)).isEqualTo(Json.mapper().readValue("""
                {"TimeGenerated":"2026-11-22T09:00:03Z",
                 "AwsEventId":"0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9",
                 "EventVersion":"1.10","EventSource":"s3.amazonaws.com","EventTypeName":"AwsApiCall",
                 "EventName":"PutBucketPolicy","Category":"Management","ManagementEvent":true,"ReadOnly":false,
                 "AWSRegion":"eu-west-1","SourceIpAddress":"203.0.113.10","UserAgent":"aws-cli/2.15.0 Python/3.11.6",
                 "ErrorCode":"AccessDenied","ErrorMessage":"User is not authorized to perform s3:PutBucketPolicy",
                 "AwsRequestId_":"3f9c1a2b-4d5e-6f70-8192-a3b4c5d6e7f8","AwsRequestId":"3f9c1a2b-4d5e-6f70-8192-a3b4c5d6e7f8",
                 "APIVersion":"2006-03-01","RecipientAccountId":"111122223333",
                 "SharedEventId":"9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4","VpcEndpointId":"vpce-0a1b2c3d4e5f67890",
                 "TlsVersion":"TLSv1.3","CipherSuite":"TLS_AES_128_GCM_SHA256",
                 "ClientProvidedHostHeader":"example-bucket.s3.eu-west-1.amazonaws.com",
                 "UserIdentityType":"AssumedRole","UserIdentityPrincipalid":"AROAEXAMPLEID0000001:alice",
                 "UserIdentityArn":"arn:aws:sts::111122223333:assumed-role/Admin/alice","UserIdentityAccountId":"111122223333",
                 "UserIdentityInvokedBy":"cloudformation.amazonaws.com","UserIdentityAccessKeyId":"ASIAEXAMPLEKEY000001",
                 "UserIdentityUserName":"alice","SessionMfaAuthenticated":true,"SessionCreationDate":"2026-11-22T08:59:01Z",
                 "SessionIssuerType":"Role","SessionIssuerPrincipalId":"AROAEXAMPLEID0000001",
                 "SessionIssuerArn":"arn:aws:iam::111122223333:role/Admin","SessionIssuerAccountId":"111122223333",
                 "SessionIssuerUserName":"Admin","EC2RoleDelivery":"2.0"}
                """, Map.class));
        assertThat(mapper.unmappedFields()).isEqualTo(Map.of("sessionCredentialFromConsole", 1L));
        assertThat(mapper.timedFromObject()).isZero();
    }

    @Test
    void keepsANonGuidRequestIdOnlyInTheStringColumn() throws Exception {
        Row row = mapped(new CloudTrailMapper(OBJECT_TIME), record(
                "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-22T09:00:00Z\",\"requestID\":\"7A8B9C0D1E2F3A4B\","
                        + "\"eventID\":\"not-a-guid\"}"));

        assertThat(row.get("AwsRequestId_")).isEqualTo("7A8B9C0D1E2F3A4B");
        assertThat(row.get("AwsRequestId")).isNull();
        assertThat(row.get("AwsEventId")).isNull();
        assertThat(row.invalidValues()).as("the event id is meant to be a GUID; most request ids are not")
                .containsExactly("AwsEventId: not a GUID: 'not-a-guid'");
    }

    @Test
    void mapsAnInsightEventAndCountsItsDetailsAsUnmapped() throws Exception {
        CloudTrailMapper mapper = new CloudTrailMapper(OBJECT_TIME);
        Row row = mapped(mapper, record("""
                {"eventVersion":"1.08","eventTime":"2026-11-22T09:41:00Z","awsRegion":"us-east-1",
                 "eventID":"a9edc959-9488-4790-be0f-05d60e56b547","eventType":"AwsCloudTrailInsight",
                 "recipientAccountId":"111122223333","sharedEventID":"12edc982-3348-4794-83d3-a3db26525049",
                 "insightDetails":{"state":"Start","eventName":"UpdateInstanceAssociationStatus"},"eventCategory":"Insight"}
                """));

        assertThat(row.get("TimeGenerated")).isEqualTo(Instant.parse("2026-11-22T09:41:00Z"));
        assertThat(row.get("EventTypeName")).isEqualTo("AwsCloudTrailInsight");
        assertThat(row.get("Category")).isEqualTo("Insight");
        assertThat(row.get("SharedEventId")).isEqualTo("12edc982-3348-4794-83d3-a3db26525049");
        assertThat(row.get("UserIdentityType")).isNull();
        assertThat(mapper.unmappedFields()).isEqualTo(Map.of("insightDetails", 1L));
    }

    @Test
    void aRecordWithoutAUsableEventTimeTakesTheObjectTimeAndSaysSo() throws Exception {
        CloudTrailMapper mapper = new CloudTrailMapper(OBJECT_TIME);
        Row row = mapped(mapper, record("{\"eventVersion\":\"1.08\",\"eventTime\":\"yesterday\",\"eventName\":\"X\"}"));

        assertThat(row.get("TimeGenerated")).isEqualTo(OBJECT_TIME);
        assertThat(row.invalidValues()).containsExactly("TimeGenerated: 'yesterday' is not an ISO-8601 date-time");
        assertThat(mapper.timedFromObject()).isEqualTo(1);
    }

    @Test
    void aNonBooleanFlagIsLeftEmptyAndReported() throws Exception {
        Row row = mapped(new CloudTrailMapper(OBJECT_TIME),
                record("{\"eventSource\":\"s3.amazonaws.com\",\"eventTime\":\"2026-11-22T09:00:00Z\",\"readOnly\":\"maybe\","
                        + "\"managementEvent\":\"TRUE\"}"));

        assertThat(row.get("ReadOnly")).isNull();
        assertThat(row.get("ManagementEvent")).isEqualTo(true);
        assertThat(row.invalidValues()).containsExactly("ReadOnly: 'maybe' is not a boolean");
    }

    @Test
    void aDateThatDoesNotExistIsInvalidNotMovedToAnotherDay() throws Exception {
        CloudTrailMapper mapper = new CloudTrailMapper(OBJECT_TIME);
        Row row = mapped(mapper, record("{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-02-30T10:00:00Z\"}"));

        assertThat(row.get("TimeGenerated")).isEqualTo(OBJECT_TIME);
        assertThat(row.invalidValues()).containsExactly("TimeGenerated: '2026-02-30T10:00:00Z' is not an ISO-8601 date-time");
        Row spaced = mapped(mapper, record("{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-02-29 10:00:00\"}"));
        assertThat(spaced.invalidValues()).as("2026 is no leap year, on the slow path too").hasSize(1);
    }

    @Test
    void anotherLogsRecordIsNotACloudTrailEvent() throws Exception {
        Mapping mapping = new CloudTrailMapper(OBJECT_TIME).map(record("{\"schemaVersion\":\"2.0\",\"id\":\"f1\",\"type\":\"Recon\"}"));

        assertThat(mapping).isEqualTo(new Mapping.Skipped("not a CloudTrail event: no \"eventVersion\", \"eventSource\" or \"eventName\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stratusRedTeamSamples")
    void mapsEveryRealRecordToAConformingRow(Path sample) throws Exception {
        JsonNode records = Json.mapper().readTree(sample.toFile());
        CloudTrailMapper mapper = new CloudTrailMapper(OBJECT_TIME);

        for (JsonNode record : records) {
            Row row = mapped(mapper, record(record.toString()));
            JsonNode written = RowTest.write(row);
            assertThat(SchemaConformance.problems(Tables.AWS_CLOUD_TRAIL, written)).isEmpty();
            assertThat(written.get("TimeGenerated").textValue()).isEqualTo(record.get("eventTime").textValue());
            assertThat(written.get("EventName").textValue()).isEqualTo(record.get("eventName").textValue());
            assertThat(written.get("AwsEventId").textValue()).isEqualTo(record.get("eventID").textValue());
            assertThat(row.invalidValues()).isEmpty();
        }
        assertThat(mapper.timedFromObject()).isZero();
    }

    static Stream<Path> stratusRedTeamSamples() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/third-party/stratus-red-team"))) {
            return files.sorted().toList().stream();
        }
    }

    static JsonFields record(String json) throws Exception {
        return JsonFields.parse(json, CloudTrailMapper.FIELDS);
    }

    static <R> Row mapped(TableMapper<R> mapper, R record) {
        Mapping mapping = mapper.map(record);
        assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
        return ((Mapping.Mapped) mapping).row();
    }

}
