package dev.sentinelforwarder.local;

import static dev.sentinelforwarder.testing.Gzip.gzip;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake refuses what the service refuses, with the service's status codes and error shape. */
class LogsIngestionFakeTest {
    private static final String ROW = "{\"TimeGenerated\":\"2026-11-22T10:15:30.123Z\",\"Message\":\"hi\"}";
    private static LogsIngestionFake fake;
    private static HttpClient http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        fake = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
        http = HttpClient.newBuilder().sslContext(fake.clientSslContext()).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(fake.endpoint().resolve("/tenant/oauth2/v2.0/token"))
                .POST(HttpRequest.BodyPublishers.ofString("client_id=c&client_secret=s&grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = Json.mapper().readTree(response.body()).get("access_token").textValue();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void acceptsAGzippedArrayOfConformingRows() throws Exception {
        HttpResponse<String> response = upload("Custom-AWSCloudWatch", gzip("[" + ROW + "," + ROW + "]"), token, true);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(fake.accepted("AWSCloudWatch")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void refusesARequestWithoutItsBearerToken() throws Exception {
        HttpResponse<String> response = upload("Custom-AWSCloudWatch", gzip("[" + ROW + "]"), "forged", true);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("x-ms-error-code")).contains("InvalidToken");
    }

    @Test
    void refusesAnOversizedBodyWith413() throws Exception {
        String big = "[" + (ROW + ",").repeat(20_000) + ROW + "]";
        assertThat(big.length()).isGreaterThan(LogsIngestionFake.MAX_BYTES);

        HttpResponse<String> response = upload("Custom-AWSCloudWatch", gzip(big), token, true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).get("code").textValue()).isEqualTo("ContentLengthLimitExceeded");
    }

    @Test
    void refusesRowsThatDoNotMatchTheTable() throws Exception {
        assertThat(error(upload("Custom-AWSCloudWatch", gzip("[{\"TimeGenerated\":\"2026-11-22T10:15:30Z\",\"Msg\":\"x\"}]"), token, true))
                .get("message").textValue())
                .isEqualTo("row 0 does not match Custom-AWSCloudWatch or AWSCloudWatch: [the stream declares no column Msg]");
        assertThat(error(upload("Custom-AWSVPCFlow", gzip("[{\"TimeGenerated\":\"2026-11-22T10:15:30Z\",\"SrcPort\":\"443\"}]"), token, true))
                .get("message").textValue()).isEqualTo("row 0 does not match Custom-AWSVPCFlow or AWSVPCFlow: [SrcPort should be int but is \"443\"]");
        assertThat(error(upload("Custom-AWSCloudWatch", gzip("[{\"TimeGenerated\":\"2026-11-22T10:15:30Z\",\"TenantId\":\"x\"}]"), token, true))
                .get("message").textValue()).contains("the stream declares no column TenantId");
        assertThat(error(upload("Custom-AWSCloudWatch", gzip(ROW), token, true)).get("message").textValue())
                .startsWith("body must be a JSON array of rows");
        assertThat(upload("Custom-Unknown", gzip("[" + ROW + "]"), token, true).statusCode()).isEqualTo(400);
    }

    @Test
    void mapsCompactRowsToTheTableAsTheGeneratedTransformDoes() throws Exception {
        TableSchema table = Tables.AWS_VPC_FLOW;
        String stream = RowFormat.COMPACT.stream(table);
        String time = TableSchema.shortName(table.indexOf("TimeGenerated"));
        String port = TableSchema.shortName(table.indexOf("SrcPort"));
        String row = "{\"" + time + "\":1795342530000123,\"" + port + "\":443}";

        assertThat(upload(stream, gzip("[" + row + "]"), token, true).statusCode()).isEqualTo(204);
        assertThat(fake.accepted("AWSVPCFlow")).as("Unix microseconds back to a date-time")
                .contains(Json.mapper().readTree("{\"TimeGenerated\":\"2026-11-22T10:15:30.000123Z\",\"SrcPort\":443}"));
        assertThat(error(upload(stream, gzip("[{\"" + time + "\":\"2026-11-22T10:15:30Z\"}]"), token, true)).get("message").textValue())
                .as("compact date-times are declared long").endsWith("[" + time + " should be long but is \"2026-11-22T10:15:30Z\"]");
        assertThat(error(upload(stream, gzip("[{\"" + time + "\":1795342530.5}]"), token, true)).get("message").textValue())
                .as("a fraction is no long").endsWith("[" + time + " should be long but is 1.7953425305E9]");
        assertThat(error(upload(stream, gzip("[{\"" + time + "\":1795342530000000,\"SrcPort\":443}]"), token, true))
                .get("message").textValue()).as("full names are not declared in the compact stream")
                .isEqualTo("row 0 does not match " + stream + " or AWSVPCFlow: [the stream declares no column SrcPort]");
        assertThat(error(upload(stream, gzip("[{\"" + port + "\":443}]"), token, true)).get("message").textValue())
                .endsWith("[TimeGenerated is missing]");
    }

    @Test
    void answersAQueuedFaultWithRetryAfter() throws Exception {
        fake.enqueue(new LogsIngestionFake.Fault.Status(429, "7"));

        HttpResponse<String> response = upload("Custom-AWSCloudWatch", gzip("[" + ROW + "]"), token, true);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
    }

    private static HttpResponse<String> upload(String stream, byte[] body, String bearer, boolean gzip) throws Exception {
        URI uri = fake.endpoint().resolve("/dataCollectionRules/" + LocalServices.DCR_IMMUTABLE_ID + "/streams/" + stream
                + "?api-version=2023-01-01");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        return Json.mapper().readTree(response.body()).get("error");
    }

}
