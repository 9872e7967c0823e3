package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.LogType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WAF, Network Firewall, Route 53 Resolver and Security Hub: real samples through detection, the JSON readers and the mappers. */
class JsonLogMapperTest {
    private static final String WAF_KEY = "AWSLogs/123456789101/WAFLogs/cloudfront/open-telemetry-waf/2025/05/25/21/30/"
            + "123456789101_waflogs_cloudfront_open-telemetry-waf_20250525T2130Z_e0ca43b5.log.gz";
    private static final String FIREWALL_KEY = "AWSLogs/111122223333/network-firewall/%s/us-east-1/firewall/2020/10/01/19/"
            + "111122223333_network-firewall_%s_us-east-1_firewall_202010011920_44442222.log.gz";
    private static final String RESOLVER_KEY = "AWSLogs/012345678910/vpcdnsquerylogs/vpc-0123456789abcdef12/2023/02/15/"
            + "vpc-0123456789abcdef12_vpcdnsquerylogs_012345678910_20230215T1830Z_213be99c.log.gz";
    private static final String SECURITY_HUB_KEY = "AWSLogs/123456789012/SecurityHubFindings/2025/08/19/01/"
            + "MSSentinel-SecurityHub-FirehoseDeliveryStream-1-2025-08-19-01-50-00-0c6b2d44-0d6c-4a44-9a53-2a1f4f1c8e11.gz";

    @Test
    void wafEveryColumnOfAFullRecord() throws Exception {
        SampleRows converted = SampleRows.resource("otel/waf/valid_log_multi.json", WAF_KEY);

        List<JsonNode> rows = converted.json(Tables.AWS_WAF);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).toString()).isEqualTo("{\"TimeGenerated\":\"2023-05-06T06:46:19.981Z\","
                + "\"WebAclId\":\"arn:aws:wafv2:us-east-1:123456789101:global/webacl/open-telemetry-waf/e3132a63-134d-4da9-a0c4-b166ddd6de6c\","
                + "\"Action\":\"BLOCK\",\"FormatVersion\":\"1\",\"HttpSourceName\":\"APIGW\",\"HttpSourceId\":\"EXAMPLE11:rjvegx5guh:CanaryTest\","
                + "\"TerminatingRuleId\":\"RateBasedRule\",\"TerminatingRuleType\":\"RATE_BASED\",\"TerminatingRuleMatchDetails\":[],"
                + "\"RuleGroupList\":[],\"RateBasedRuleList\":[{\"rateBasedRuleId\":\"arn:aws:wafv2:us-east-1:123456789101_MANAGED:global/ipset/"
                + "e3132a63-134d-4da9-a0c4-b166ddd6de6c_77ce5c35-14fa-4731-9710-86216d568f12_IPV4/77ce5c35-14fa-4731-9710-86216d568f12\","
                + "\"rateBasedRuleName\":\"RateBasedRule\",\"limitKey\":\"CUSTOMKEYS\",\"maxRateAllowed\":100,\"evaluationWindowSec\":\"120\","
                + "\"customValues\":[{\"key\":\"HEADER\",\"name\":\"dogname\",\"value\":\"ella\"}]}],\"NonTerminatingMatchingRules\":[],"
                + "\"HttpRequest\":{\"clientIp\":\"52.46.82.45\",\"country\":\"FR\",\"headers\":[{\"name\":\"X-Forwarded-For\","
                + "\"value\":\"52.46.82.45\"},{\"name\":\"X-Forwarded-Proto\",\"value\":\"https\"},{\"name\":\"X-Forwarded-Port\","
                + "\"value\":\"443\"},{\"name\":\"Host\",\"value\":\"rjvegx5guh.execute-api.eu-west-3.amazonaws.com\"},"
                + "{\"name\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-645566cf-7cb058b04d9bb3ee01dc4036\"},{\"name\":\"dogname\",\"value\":\"ella\"},"
                + "{\"name\":\"User-Agent\",\"value\":\"RateBasedRuleTestKoipOneKeyModulePV2\"},{\"name\":\"Accept-Encoding\","
                + "\"value\":\"gzip,deflate\"}],\"uri\":\"/CanaryTest\",\"args\":\"\",\"httpVersion\":\"HTTP/1.1\",\"httpMethod\":\"GET\","
                + "\"requestId\":\"Ed0AiHF_CGYF-DA=\"},\"ClientIp\":\"52.46.82.45\",\"Country\":\"FR\",\"Headers\":[{\"name\":\"X-Forwarded-For\","
                + "\"value\":\"52.46.82.45\"},{\"name\":\"X-Forwarded-Proto\",\"value\":\"https\"},{\"name\":\"X-Forwarded-Port\","
                + "\"value\":\"443\"},{\"name\":\"Host\",\"value\":\"rjvegx5guh.execute-api.eu-west-3.amazonaws.com\"},"
                + "{\"name\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-645566cf-7cb058b04d9bb3ee01dc4036\"},{\"name\":\"dogname\",\"value\":\"ella\"},"
                + "{\"name\":\"User-Agent\",\"value\":\"RateBasedRuleTestKoipOneKeyModulePV2\"},{\"name\":\"Accept-Encoding\","
                + "\"value\":\"gzip,deflate\"}],\"Uri\":\"/CanaryTest\",\"Args\":\"\",\"HttpVersion\":\"HTTP/1.1\",\"HttpMethod\":\"GET\","
                + "\"RequestId\":\"Ed0AiHF_CGYF-DA=\"}");
        assertThat(rows.get(0).get("Labels").toString()).isEqualTo("[{\"name\":\"awswaf:clientip:geo:country:NL\"},"
                + "{\"name\":\"awswaf:clientip:geo:region:NL-NH\"}]");
        assertThat(rows.get(0).get("Ja3Fingerprint").textValue()).isEqualTo("6f7889b9fb1a62a9577e685c1fcfa919");
        assertThat(converted.report.unmappedFields()).isEqualTo(Map.of("ja4Fingerprint", 1L, "httpRequest.fragment", 1L,
                "httpRequest.scheme", 1L, "httpRequest.host", 1L));
    }

    @Test
    void wafTheTerminatingRuleGroupAndTheExcludedRulesOfEveryGroup() throws Exception {
        // our own record in WAF's format: a managed group that blocked, another with excluded rules
        SampleRows converted = SampleRows.text(WAF_KEY, "{\"timestamp\":1795341600123,\"formatVersion\":1,\"webaclId\":\"arn:acl\","
                + "\"action\":\"BLOCK\",\"responseCodeSent\":403,\"ruleGroupList\":[{\"ruleGroupId\":\"AWS#Common\",\"terminatingRule\":null,"
                + "\"excludedRules\":[{\"exclusionType\":\"EXCLUDED_AS_COUNT\",\"ruleId\":\"SizeRestrictions_BODY\"}]},"
                + "{\"ruleGroupId\":\"AWS#SQLi\",\"terminatingRule\":{\"ruleId\":\"SQLi_BODY\",\"action\":\"BLOCK\"},\"excludedRules\":null}],"
                + "\"httpRequest\":{\"clientIp\":\"2001:db8::9\",\"uri\":\"/login\"},\"captchaResponse\":{\"responseCode\":405}}\n");

        assertThat(converted.json(Tables.AWS_WAF)).singleElement().asString().isEqualTo("{\"TimeGenerated\":\"2026-11-22T10:00:00.123Z\","
                + "\"WebAclId\":\"arn:acl\",\"Action\":\"BLOCK\",\"FormatVersion\":\"1\",\"RuleGroupId\":\"AWS#SQLi\","
                + "\"TerminatingRule\":{\"ruleId\":\"SQLi_BODY\",\"action\":\"BLOCK\"},"
                + "\"ExcludedRules\":[{\"exclusionType\":\"EXCLUDED_AS_COUNT\",\"ruleId\":\"SizeRestrictions_BODY\"}],"
                + "\"RuleGroupList\":[{\"ruleGroupId\":\"AWS#Common\",\"terminatingRule\":null,\"excludedRules\":[{\"exclusionType\":"
                + "\"EXCLUDED_AS_COUNT\",\"ruleId\":\"SizeRestrictions_BODY\"}]},{\"ruleGroupId\":\"AWS#SQLi\",\"terminatingRule\":"
                + "{\"ruleId\":\"SQLi_BODY\",\"action\":\"BLOCK\"},\"excludedRules\":null}],\"ResponseCodeSent\":403,"
                + "\"HttpRequest\":{\"clientIp\":\"2001:db8::9\",\"uri\":\"/login\"},\"ClientIp\":\"2001:db8::9\",\"Uri\":\"/login\","
                + "\"CaptchaResponse\":{\"responseCode\":405}}");
    }

    @Test
    void networkFirewallFlowAlertAndTlsEachGoToTheirTable() throws Exception {
        SampleRows flow = SampleRows.resource("aws-samples-seclake/network-firewall/netflow-example.pretty.json",
                FIREWALL_KEY.formatted("flow", "flow"));
        assertThat(flow.json(Tables.AWS_NETWORK_FIREWALL_FLOW)).singleElement().asString().isEqualTo("{"
                + "\"TimeGenerated\":\"2020-10-01T21:26:05.007515Z\",\"FirewallName\":\"firewall\",\"AvailabilityZone\":\"us-east-1b\","
                + "\"EventTimestamp\":\"1601587565\",\"EventType\":\"netflow\",\"FlowId\":\"1770453319291727\",\"SrcIp\":\"45.129.33.153\","
                + "\"SrcPort\":\"47047\",\"DestIp\":\"172.31.16.139\",\"DestPort\":\"16463\",\"Proto\":\"TCP\",\"TCPFlags\":\"02\",\"Syn\":true,"
                + "\"NetFlowPkts\":\"1\",\"NetFlowBytes\":\"60\",\"NetFlowStart\":\"2020-10-01T21:25:04.070479Z\","
                + "\"NetFlowEnd\":\"2020-10-01T21:25:04.070479Z\",\"NetFlowAge\":\"0\",\"NetFlowMinttl\":\"241\",\"NetFlowMaxttl\":\"241\"}");

        SampleRows alert = SampleRows.text(FIREWALL_KEY.formatted("alert", "alert"), "{\"firewall_name\":\"fw\",\"availability_zone\":"
                + "\"us-east-1a\",\"event_timestamp\":\"1602627001\",\"event\":{\"timestamp\":\"2020-10-13T22:10:01.006481+0000\","
                + "\"flow_id\":1582438383425873,\"event_type\":\"alert\",\"src_ip\":\"203.0.113.4\",\"src_port\":55555,\"dest_ip\":"
                + "\"192.0.2.16\",\"dest_port\":443,\"proto\":\"TCP\",\"app_proto\":\"tls\",\"tx_id\":0,\"alert\":{\"action\":\"blocked\","
                + "\"signature_id\":5,\"rev\":0,\"signature\":\"test_tcp\",\"category\":\"\",\"severity\":1},\"verdict\":{\"action\":\"drop\"},"
                + "\"tls\":{\"sni\":\"bad.example.com\",\"version\":\"TLS 1.2\"},\"pkt_src\":\"geneve encapsulation\",\"direction\":\"to_server\"}}\n");
        assertThat(alert.json(Tables.AWS_NETWORK_FIREWALL_ALERT)).singleElement().asString().isEqualTo("{"
                + "\"TimeGenerated\":\"2020-10-13T22:10:01.006481Z\",\"FirewallName\":\"fw\",\"AvailabilityZone\":\"us-east-1a\","
                + "\"EventTimestamp\":\"2020-10-13T22:10:01Z\",\"EventType\":\"alert\",\"FlowId\":\"1582438383425873\",\"TxId\":\"0\","
                + "\"SrcIp\":\"203.0.113.4\",\"SrcPort\":\"55555\",\"DestIp\":\"192.0.2.16\",\"DestPort\":\"443\",\"Proto\":\"TCP\","
                + "\"AppProto\":\"tls\",\"Severity\":\"1\",\"SignatureId\":\"5\",\"Rev\":\"0\",\"Signature\":\"test_tcp\",\"AlertAction\":\"blocked\","
                + "\"Category\":\"\",\"VerdictAction\":\"drop\",\"Sni\":\"bad.example.com\",\"Version\":\"TLS 1.2\","
                + "\"PktSrc\":\"geneve encapsulation\",\"Direction\":\"to_server\"}");

        // AWS's revocation record: ports as strings, a number for event_timestamp, no event_type
        SampleRows tls = SampleRows.text(FIREWALL_KEY.formatted("tls", "tls"), "{\"firewall_name\":\"fw\",\"availability_zone\":"
                + "\"us-east-1a\",\"event_timestamp\":1708361189,\"event\":{\"src_ip\":\"10.0.2.53\",\"src_port\":\"55930\",\"dest_ip\":"
                + "\"54.1.2.3\",\"dest_port\":\"443\",\"timestamp\":\"2024-02-19T16:46:29.441824Z\",\"sni\":\"revoked.example.com\","
                + "\"revocation_check\":{\"leaf_cert_fpr\":\"5fa1\",\"status\":\"REVOKED\",\"action\":\"DROP\"}}}\n");
        assertThat(tls.json(Tables.AWS_NETWORK_FIREWALL_TLS)).singleElement().asString().isEqualTo("{"
                + "\"TimeGenerated\":\"2024-02-19T16:46:29.441824Z\",\"FirewallName\":\"fw\",\"AvailabilityZone\":\"us-east-1a\","
                + "\"EventTimestamp\":\"2024-02-19T16:46:29Z\",\"SrcIp\":\"10.0.2.53\",\"SrcPort\":\"55930\",\"DestIp\":\"54.1.2.3\","
                + "\"DestPort\":\"443\",\"Sni\":\"revoked.example.com\",\"LeafCertificateFingerprint\":\"5fa1\",\"Status\":\"REVOKED\","
                + "\"Action\":\"DROP\"}");
    }

    @Test
    void networkFirewallARecordOfAnotherKindGoesToItsOwnTableAndAnUnknownKindIsSaid() throws Exception {
        SampleRows mixed = SampleRows.text(FIREWALL_KEY.formatted("flow", "flow"),
                "{\"firewall_name\":\"fw\",\"event_timestamp\":\"1\",\"event\":{\"event_type\":\"alert\",\"alert\":{\"signature_id\":9}}}\n"
                        + "{\"firewall_name\":\"fw\",\"event_timestamp\":\"1\",\"event\":{\"event_type\":\"dns\"}}\n");

        assertThat(mixed.json(Tables.AWS_NETWORK_FIREWALL_ALERT)).singleElement().satisfies(r -> assertThat(r.get("SignatureId").textValue())
                .isEqualTo("9"));
        assertThat(mixed.problems).singleElement().satisfies(p -> assertThat(p.reason())
                .isEqualTo("Network Firewall event_type 'dns' has no table"));
    }

    @Test
    void route53ResolverEveryColumnOfAFullRecord() throws Exception {
        SampleRows converted = SampleRows.resource("dynatrace/route53-resolver/resolver-record-from-unit-tests.log", RESOLVER_KEY);

        assertThat(converted.json(Tables.AWS_ROUTE53_RESOLVER)).singleElement().asString().isEqualTo("{"
                + "\"TimeGenerated\":\"2023-02-15T18:33:54Z\",\"Version\":\"1.100000\",\"AccountId\":\"012345678910\","
                + "\"Region\":\"us-east-1\",\"VpcId\":\"vpc-0123456789abcdef12\",\"QueryName\":\"ec2messages.us-east-1.amazonaws.com.\","
                + "\"QueryType\":\"A\",\"QueryClass\":\"IN\",\"Rcode\":\"NOERROR\",\"Answers\":[{\"Rdata\":\"5.6.7.8\",\"Type\":\"A\","
                + "\"Class\":\"IN\"}],\"SrcAddr\":\"1.2.3.4\",\"SrcPort\":\"38900\",\"Transport\":\"UDP\","
                + "\"SrcIds\":{\"instance\":\"i-0db59e1c912332372\"},\"LogType\":\"ResolverQueryLogs\"}");
    }

    @Test
    void route53ResolverDnsFirewallFieldsAndIpv6() throws Exception {
        SampleRows converted = SampleRows.text(RESOLVER_KEY, "{\"version\":\"1.100000\",\"account_id\":\"111122223333\",\"region\":"
                + "\"eu-west-1\",\"vpc_id\":\"vpc-1\",\"query_timestamp\":\"2026-11-22T10:15:30Z\",\"query_name\":\"evil.example.\","
                + "\"query_type\":\"AAAA\",\"query_class\":\"IN\",\"rcode\":\"NXDOMAIN\",\"answers\":[],\"srcaddr\":\"2001:db8::5\","
                + "\"srcport\":\"53211\",\"transport\":\"UDP\",\"srcids\":{},\"firewall_rule_action\":\"BLOCK\","
                + "\"firewall_rule_group_id\":\"rslvr-frg-1\",\"firewall_domain_list_id\":\"rslvr-fdl-1\"}\n");

        Row row = converted.rows.getFirst();
        assertThat(row.get("SrcAddr")).isEqualTo("2001:db8::5");
        assertThat(row.get("FirewallRuleAction")).isEqualTo("BLOCK");
        assertThat(row.get("FirewallRuleGroupId")).isEqualTo("rslvr-frg-1");
        assertThat(row.get("FirewallDomainListId")).isEqualTo("rslvr-fdl-1");
        assertThat(row.get("Answers")).isEqualTo(new Row.RawJson("[]"));
    }

    @Test
    void securityHubOneRowPerFindingOfEveryEvent() throws Exception {
        SampleRows firehose = SampleRows.resource("azure-sentinel/security-hub/firehose-object.gz", SECURITY_HUB_KEY);
        assertThat(firehose.report.type()).isEqualTo(LogType.SECURITY_HUB);
        assertThat(firehose.json(Tables.AWS_SECURITY_HUB_FINDINGS)).extracting(r -> r.get("ComplianceSecurityControlId").textValue())
                .containsExactly("IAM.4", "CloudTrail.4");

        String finding = "{\"SchemaVersion\":\"2018-10-08\",\"Id\":\"f%d\",\"Region\":\"eu-west-1\",\"UpdatedAt\":\"2026-11-22T09:00:00Z\"}";
        SampleRows several = SampleRows.text(SECURITY_HUB_KEY, "{\"detail-type\":\"Security Hub Findings - Imported\",\"source\":"
                + "\"aws.securityhub\",\"time\":\"2026-11-22T10:00:00Z\",\"detail\":{\"findings\":[" + finding.formatted(1) + ","
                + finding.formatted(2) + "," + finding.formatted(3) + "]}}\n{\"detail-type\":\"x\",\"detail\":{\"findings\":[]}}\n");
        List<JsonNode> rows = several.json(Tables.AWS_SECURITY_HUB_FINDINGS);
        assertThat(rows).extracting(r -> r.get("AwsSecurityFindingId").textValue()).containsExactly("f1", "f2", "f3");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("TimeGenerated").textValue()).isEqualTo("2026-11-22T10:00:00Z"));
        assertThat(rows.get(1).get("RawData").toString()).isEqualTo("{\"findings\":[" + finding.formatted(2) + "]}");
        assertThat(several.problems).singleElement().satisfies(p -> {
            assertThat(p.recordIndex()).isEqualTo(3);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).isEqualTo("an event with no findings");
        });
    }

    @Test
    void securityHubEveryColumnOfAFullRecord() throws Exception {
        SampleRows converted = SampleRows.resource("azure-sentinel/security-hub/eventbridge-event.CloudTrail.4.json", SECURITY_HUB_KEY);

        JsonNode row = converted.json(Tables.AWS_SECURITY_HUB_FINDINGS).getFirst();
        JsonNode finding = row.get("RawData").get("findings").get(0);
        assertThat(row.get("TimeGenerated").textValue()).isEqualTo("2025-08-19T01:46:27Z");
        assertThat(row.get("AwsRegion").textValue()).isEqualTo("us-east-1");
        assertThat(row.get("AwsAccountId").textValue()).isEqualTo("123456789012");
        assertThat(row.get("ComplianceStatus").textValue()).isEqualTo("FAILED");
        assertThat(row.get("ComplianceSecurityControlId").textValue()).isEqualTo("CloudTrail.4");
        assertThat(row.get("ComplianceRelatedRequirements")).isEqualTo(finding.at("/Compliance/RelatedRequirements"));
        assertThat(row.get("ComplianceAssociatedStandards")).isEqualTo(finding.at("/Compliance/AssociatedStandards"));
        assertThat(row.get("AwsSecurityFindingTitle").textValue()).isEqualTo("CloudTrail log file validation should be enabled");
        assertThat(row.get("AwsSecurityFindingId").textValue()).isEqualTo("arn:aws:securityhub:us-east-1:123456789012:security-control/"
                + "CloudTrail.4/finding/00000000-0000-0000-0000-000000000000");
        assertThat(row.get("AwsSecurityFindingDescription").textValue())
                .isEqualTo("This AWS control checks whether CloudTrail log file validation is enabled.");
        assertThat(row.get("AwsSecurityFindingTypes").toString())
                .isEqualTo("[\"Software and Configuration Checks/Industry and Regulatory Standards\"]");
        assertThat(row.get("AwsSecurityFindingCreatedAt").textValue()).isEqualTo("2025-08-13T13:22:15.672Z");
        assertThat(row.get("AwsSecurityFindingFirstObservedAt").textValue()).isEqualTo("2025-08-13T13:22:12.362Z");
        assertThat(row.get("AwsSecurityFindingUpdatedAt").textValue()).isEqualTo("2025-08-19T01:46:27.030Z");
        assertThat(row.get("AwsSecurityFindingLastObservedAt").textValue()).isEqualTo("2025-08-19T01:46:14.601Z");
        assertThat(row.get("AwsSecurityFindingProcessedAt").textValue()).isEqualTo(finding.get("ProcessedAt").textValue().replace("+00:00", "Z"));
        assertThat(row.get("AwsSecurityFindingGeneratorId").textValue()).isEqualTo(finding.get("GeneratorId").textValue());
        assertThat(row.get("AwsSecurityFindingProductArn").textValue()).isEqualTo(finding.get("ProductArn").textValue());
        assertThat(row.get("AwsSecurityFindingProductName").textValue()).isEqualTo("Security Hub");
        assertThat(row.get("AwsSecurityFindingProductFields")).isEqualTo(finding.get("ProductFields"));
        assertThat(row.get("AwsSecurityFindingSeverity")).isEqualTo(finding.at("/FindingProviderFields/Severity"));
        assertThat(row.get("Remediation")).isEqualTo(finding.get("Remediation"));
        assertThat(row.get("SchemaVersion").textValue()).isEqualTo("2018-10-08");
        assertThat(row.get("Resources")).isEqualTo(finding.get("Resources"));
        assertThat(row.get("Resources").get(0).get("Type").textValue()).isEqualTo("AwsCloudTrailTrail");
        assertThat(row.get("RecordState").textValue()).isEqualTo("ACTIVE");
        assertThat(row.get("WorkflowState").textValue()).isEqualTo("NEW");
        assertThat(finding.get("Id").textValue()).isEqualTo(row.get("AwsSecurityFindingId").textValue());
        List<String> absent = new java.util.ArrayList<>();
        Tables.AWS_SECURITY_HUB_FINDINGS.columns().forEach(c -> {
            if (!row.has(c.name())) {
                absent.add(c.name());
            }
        });
        assertThat(absent).as("columns the sample has no value for").containsExactlyInAnyOrder(
                "ComplianceStatusReasons", "ComplianceSecurityControlParameters");
    }
}
