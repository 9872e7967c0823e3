package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.LogType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S3 server access, ALB and NLB access logs: real samples through detection, the space-separated reader and the mappers. */
class AccessLogMapperTest {
    private static final String S3_KEY = "logs/s3/2026-11-22-10-13-50-A211246203787B7F";
    private static final String ALB_KEY = "AWSLogs/123456789012/elasticloadbalancing/us-east-2/2018/07/02/"
            + "123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.50dc6c495c0c9188_20180702T2225Z_192.0.2.1_2m1m3x4a.log.gz";
    private static final String NLB_KEY = "AWSLogs/671290407336/elasticloadbalancing/us-east-2/2020/04/01/"
            + "671290407336_elasticloadbalancing_us-east-2_net.my-network-loadbalancer.c6e77e28c25b2234_20200401T0855Z_2kh4yg7a.log.gz";

    @Test
    void s3ServerAccessEveryColumnOfAFullRecord() throws Exception {
        SampleRows converted = SampleRows.resource("otel/s3-server-access/valid_log_multi.log", S3_KEY);

        assertThat(converted.report.type()).isEqualTo(LogType.S3_SERVER_ACCESS);
        List<JsonNode> rows = converted.json(Tables.AWS_S3_SERVER_ACCESS);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).toString()).isEqualTo("{\"TimeGenerated\":\"2019-02-06T00:00:38Z\","
                + "\"BucketOwner\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\",\"Bucket\":\"amzn-s3-demo-bucket1\","
                + "\"RemoteIp\":\"192.0.2.3\",\"Requester\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\","
                + "\"RequestId\":\"A1206F460EXAMPLE\",\"Operation\":\"REST.GET.BUCKETPOLICY\","
                + "\"RequestUri\":\"GET /amzn-s3-demo-bucket1?policy HTTP/1.1\",\"HttpStatus\":404,\"ErrorCode\":\"NoSuchBucketPolicy\","
                + "\"BytesSent\":297,\"TotalTime\":38,\"UserAgent\":\"S3Console/0.4\","
                + "\"HostId\":\"BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234=\",\"SignatureVersion\":\"SigV4\","
                + "\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"AuthenticationType\":\"AuthHeader\","
                + "\"HostHeader\":\"amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com\",\"TLSVersion\":\"TLSV1.2\",\"ACLRequired\":\"Yes\"}");
        assertThat(converted.report.unmappedFields()).isEmpty();
    }

    @Test
    void s3ServerAccessFieldsAwsAppendedAreCountedNotErrors() throws Exception {
        SampleRows converted = SampleRows.resource("otel/s3-server-access/too_many_values.log", S3_KEY);

        assertThat(converted.json(Tables.AWS_S3_SERVER_ACCESS)).hasSize(1);
        assertThat(converted.report.unmappedFields()).isEqualTo(Map.of("SourceRegion", 1L, "field 28", 1L));
        assertThat(converted.problems).isEmpty();
    }

    @Test
    void s3ServerAccessQuotedUserAgentWithSpacesAndEscapedQuotesAndMissingTrailingFields() throws Exception {
        SampleRows converted = SampleRows.text(S3_KEY, "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bucket [22/Nov/2026:10:15:30 +0000] 2001:db8::7 - REQ1 REST.PUT.OBJECT"
                + " a%20b.txt \"PUT /bucket/a%20b.txt HTTP/1.1\" 200 - - 4096 12 5 \"-\" \"my \\\"quoted\\\" agent, v1\" -\n"
                + "owner bucket [22/Nov/2026:10:15:31 +0000] too short\n");

        List<JsonNode> rows = converted.json(Tables.AWS_S3_SERVER_ACCESS);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().toString()).isEqualTo("{\"TimeGenerated\":\"2026-11-22T10:15:30Z\",\"BucketOwner\":\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\","
                + "\"Bucket\":\"bucket\",\"RemoteIp\":\"2001:db8::7\",\"RequestId\":\"REQ1\",\"Operation\":\"REST.PUT.OBJECT\","
                + "\"Key\":\"a%20b.txt\",\"RequestUri\":\"PUT /bucket/a%20b.txt HTTP/1.1\",\"HttpStatus\":200,\"ObjectSize\":4096,"
                + "\"TotalTime\":12,\"TurnAroundTime\":5,\"UserAgent\":\"my \\\"quoted\\\" agent, v1\"}");
        assertThat(converted.problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).isEqualTo("not an S3 server access log line: 5 space-separated fields, at least 17 expected");
        });
    }

    @Test
    void s3ServerAccessASizeBeyondTheIntColumnIsLeftEmptyAndSaid() throws Exception {
        SampleRows converted = SampleRows.text(S3_KEY, "- b [22/Nov/2026:10:15:30 +0000] 10.0.0.1 - R REST.GET.OBJECT k \"GET /b/k HTTP/1.1\""
                + " 200 - 3000000000 3000000000 9 8 \"-\" \"ua\" -\n");

        Row row = converted.rows.getFirst();
        assertThat(row.get("BytesSent")).isNull();
        assertThat(row.invalidValues()).containsExactly("BytesSent: '3000000000' is not a whole number of 32 bits",
                "ObjectSize: '3000000000' is not a whole number of 32 bits");
    }

    @Test
    void albEveryColumnOfAFullRecordWithIpv6InBrackets() throws Exception {
        SampleRows converted = SampleRows.resource("otel/alb/alb_al_valid_logs.log", ALB_KEY);

        List<JsonNode> rows = converted.json(Tables.AWS_ALB_ACCESS_LOGS);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).toString()).isEqualTo("{\"TimeGenerated\":\"2018-07-02T22:23:00.186641Z\",\"ALBType\":\"https\","
                + "\"Alb\":\"app/my-loadbalancer/50dc6c495c0c9188\",\"ClientIp\":\"fe80::202:b3ff:fe1e:8329\",\"ClientPort\":443,"
                + "\"TargetIp\":\"2001:db8::1\",\"TargetPort\":80,\"RequestProcessingTime\":\"0.086\",\"TargetProcessingTime\":\"0.048\","
                + "\"ResponseProcessingTime\":\"0.037\",\"ElbStatusCode\":200,\"TargetStatusCode\":\"200\",\"ReceivedBytes\":0,"
                + "\"SentBytes\":57,\"RequestRaw\":\"GET https://www.example.com:443/ HTTP/1.1\",\"UserAgent\":\"curl/7.46.0\","
                + "\"SslCipher\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"SslProtocol\":\"TLSv1.2\","
                + "\"TargetGroupArn\":\"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067\","
                + "\"TraceId\":\"Root=1-58337281-1d84f3d73c47ec4e58577259\",\"DomainName\":\"www.example.com\","
                + "\"ChosenCertArn\":\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\","
                + "\"MatchedRulePriority\":\"1\",\"RequestCreationTime\":\"2018-07-02T22:22:48.364000Z\","
                + "\"ActionsExecuted\":\"authenticate,forward\",\"TargetPortList\":\"10.0.0.1:80\",\"TargetStatusCodeList\":\"200\","
                + "\"ConnTraceId\":\"TID_1234abcd5678ef90\"}");
        assertThat(converted.report.unmappedFields()).as("30 fields, through conn_trace_id").isEmpty();
    }

    @Test
    void albRedirectWithoutTargetAndMalformedRequests() throws Exception {
        SampleRows redirects = SampleRows.resource("loki/alb/albaccesslog.log.gz", ALB_KEY);
        Row redirect = redirects.rows.getFirst();
        assertThat(redirect.get("TargetIp")).isNull();
        assertThat(redirect.get("TargetPort")).isNull();
        assertThat(redirect.get("ElbStatusCode")).isEqualTo(301);
        assertThat(redirect.get("RedirectUrl")).isEqualTo("https://5.334.234.101:443/");

        SampleRows odd = SampleRows.resource("dynatrace/alb/alb-lines-from-unit-tests.log", ALB_KEY);
        assertThat(odd.json(Tables.AWS_ALB_ACCESS_LOGS)).hasSize(7);
        assertThat(odd.rows.get(5).get("RequestRaw")).isEqualTo("- http://10.0.0.30:80/ HTTP/1.1");
        assertThat(odd.rows.get(6).get("RequestRaw")).isEqualTo("- http://10.0.0.30:80- -");
    }

    @Test
    void elbsTestObjectIsPassedOverNotAnError() throws Exception {
        SampleRows converted = SampleRows.resource("otel/alb/elb_control.log", "AWSLogs/123456789012/ELBAccessLogTestFile");

        assertThat(converted.rows).isEmpty();
        assertThat(converted.problems).isEmpty();
        assertThat(converted.report.testFilesSkipped()).isEqualTo(1);
        assertThat(converted.report.error()).isNull();
    }

    @Test
    void nlbEveryColumnOfAFullRecordWithTheAlpnPreferenceList() throws Exception {
        SampleRows converted = SampleRows.resource("otel/nlb/nlb_al_valid_logs.log", NLB_KEY);

        List<JsonNode> rows = converted.json(Tables.AWS_NLB_ACCESS_LOGS);
        assertThat(rows).singleElement().asString().isEqualTo("{\"TimeGenerated\":\"2020-04-01T08:51:42Z\",\"NLBType\":\"tls\","
                + "\"Version\":\"2.0\",\"Nlb\":\"net/my-network-loadbalancer/c6e77e28c25b2234\",\"Listener\":\"g3d4b5e8bb8464cd\","
                + "\"ClientIPPort\":\"72.21.218.154:51341\",\"TargetIPPort\":\"172.100.100.185:443\",\"ConnectionTime\":\"5\","
                + "\"TlsHandshakeTime\":\"2\",\"ReceivedBytes\":\"98\",\"SentBytes\":\"246\","
                + "\"ChosenCertArn\":\"arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99\","
                + "\"TLSCipher\":\"ECDHE-RSA-AES128-SHA\",\"TLSProtocolVersion\":\"tlsv12\","
                + "\"DomainName\":\"my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com\",\"ALPNFEProtocol\":\"h2\","
                + "\"ALPNBEProtocol\":\"h2\",\"ALPNClientPrefList\":\"\\\"h2\\\",\\\"http/1.1\\\"\","
                + "\"TLSConnectionCreationTime\":\"2020-04-01T08:51:20\"}");
    }

    @Test
    void nlbLinesWithoutTheTrailingFieldsKeepThoseColumnsEmpty() throws Exception {
        SampleRows converted = SampleRows.resource("dynatrace/nlb/nlb-line-from-unit-tests.log", NLB_KEY);

        Row row = converted.rows.getFirst();
        assertThat(row.get("DomainName")).isNotNull();
        assertThat(row.get("ALPNFEProtocol")).isNull();
        assertThat(row.get("TLSConnectionCreationTime")).isNull();
        assertThat(converted.problems).isEmpty();
    }
}
