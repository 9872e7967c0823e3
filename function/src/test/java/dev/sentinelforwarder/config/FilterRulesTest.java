package dev.sentinelforwarder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterRulesTest {
    private static FilterRules rules(String json) {
        List<String> problems = new ArrayList<>();
        FilterRules rules = FilterRules.parse(json, problems);
        assertThat(problems).isEmpty();
        return rules;
    }

    private static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        FilterRules.parse(json, problems);
        return problems;
    }

    private static Row trail(String source, String name, Boolean readOnly) {
        Row row = new Row(Tables.AWS_CLOUD_TRAIL).string("EventSource", source).string("EventName", name);
        if (readOnly != null) {
            row.bool("ReadOnly", readOnly);
        }
        return row;
    }

    private static Row flow(String status, int dstPort) {
        return new Row(Tables.AWS_VPC_FLOW).string("LogStatus", status).integer("DstPort", dstPort);
    }

    private static String dropper(FilterRules rules, Row row) {
        FilterRules.Rule rule = rules.droppingRule(row);
        return rule == null ? null : rule.name();
    }

    @Test
    void equalsComparesAsTheColumnsTypeAndInTakesAnyOfItsValues() {
        FilterRules rules = rules("""
                [{"name": "reads", "table": "AWSCloudTrail", "when": {"ReadOnly": {"equals": true}}},
                 {"name": "dns", "table": "AWSVPCFlow", "when": {"DstPort": {"in": [53, 853]}}},
                 {"name": "nodata", "table": "AWSVPCFlow", "when": {"LogStatus": {"equals": "NODATA"}}}]""");

        assertThat(dropper(rules, trail("s3.amazonaws.com", "GetObject", true))).isEqualTo("reads");
        assertThat(dropper(rules, trail("s3.amazonaws.com", "PutObject", false))).isNull();
        assertThat(dropper(rules, flow("OK", 53))).isEqualTo("dns");
        assertThat(dropper(rules, flow("OK", 853))).isEqualTo("dns");
        assertThat(dropper(rules, flow("OK", 443))).isNull();
        assertThat(dropper(rules, flow("NODATA", 0))).isEqualTo("nodata");
        assertThat(dropper(rules, flow("nodata", 0))).as("case matters").isNull();
    }

    @Test
    void aRuleDropsOnlyWhenEveryConditionHoldsAndTheFirstMatchingRuleIsCounted() {
        FilterRules rules = rules("""
                [{"name": "ec2-describes", "table": "AWSCloudTrail", "when": {
                    "EventSource": {"equals": "ec2.amazonaws.com"},
                    "EventName": {"prefix": ["Describe", "Get", "List"]},
                    "ReadOnly": {"equals": true}}},
                 {"name": "all-ec2", "table": "AWSCloudTrail", "when": {"EventSource": {"regex": "^ec2\\\\."}}}]""");

        assertThat(dropper(rules, trail("ec2.amazonaws.com", "DescribeInstances", true))).isEqualTo("ec2-describes");
        assertThat(dropper(rules, trail("ec2.amazonaws.com", "ListTags", true))).isEqualTo("ec2-describes");
        assertThat(dropper(rules, trail("ec2.amazonaws.com", "DescribeInstances", false))).isEqualTo("all-ec2");
        assertThat(dropper(rules, trail("ec2.amazonaws.com", "RunInstances", false))).isEqualTo("all-ec2");
        assertThat(dropper(rules, trail("s3.amazonaws.com", "DescribeInstances", true))).isNull();
        assertThat(dropper(rules, trail("myec2.amazonaws.com", "GetObject", true))).as("regex anchored by the user").isNull();
    }

    @Test
    void regexIsFoundAnywhereAndSeveralOperatorsOnOneColumnMustAllHold() {
        FilterRules rules = rules("""
                [{"name": "health", "table": "AWSCloudWatch", "when": {"Message": {"prefix": "GET ", "regex": "/health(z)? HTTP"}}}]""");
        Row health = new Row(Tables.AWS_CLOUD_WATCH).string("Message", "GET /healthz HTTP/1.1 200");
        Row other = new Row(Tables.AWS_CLOUD_WATCH).string("Message", "GET /login HTTP/1.1 200");
        Row posted = new Row(Tables.AWS_CLOUD_WATCH).string("Message", "POST /health HTTP/1.1 200");

        assertThat(dropper(rules, health)).isEqualTo("health");
        assertThat(dropper(rules, other)).isNull();
        assertThat(dropper(rules, posted)).isNull();
    }

    @Test
    void anEmptyColumnMatchesNothingAndOtherTablesAreUntouched() {
        FilterRules rules = rules("""
                [{"name": "no-error", "table": "AWSCloudTrail", "when": {"ErrorCode": {"regex": ".*"}}}]""");

        assertThat(dropper(rules, trail("s3.amazonaws.com", "GetObject", null))).isNull();
        assertThat(dropper(rules, trail("s3.amazonaws.com", "GetObject", null).string("ErrorCode", "AccessDenied"))).isEqualTo("no-error");
        assertThat(dropper(rules, flow("OK", 1))).isNull();
        assertThat(dropper(FilterRules.NONE, flow("NODATA", 1))).isNull();
    }

    @Test
    void dynamicColumnsAreMatchedAsTheirJsonText() {
        FilterRules rules = rules("""
                [{"name": "sample-findings", "table": "AWSGuardDuty", "when": {"ServiceDetails": {"regex": "\\"sample\\":true"}}}]""");
        Row sample = new Row(Tables.AWS_GUARD_DUTY).dynamic("ServiceDetails", "{\"archived\":false,\"sample\":true}");
        Row real = new Row(Tables.AWS_GUARD_DUTY).dynamic("ServiceDetails", "{\"archived\":false,\"sample\":false}");

        assertThat(dropper(rules, sample)).isEqualTo("sample-findings");
        assertThat(dropper(rules, real)).isNull();
    }

    @Test
    void inADynamicColumnTheEmptyListAndTheStringOfItAreNotTheSame() {
        FilterRules rules = rules("""
                [{"name": "no-resources", "table": "AWSGuardDuty", "when": {"ResourceDetails": {"equals": "[]"}}}]""");
        Row list = new Row(Tables.AWS_GUARD_DUTY).dynamic("ResourceDetails", "[]");
        Row text = new Row(Tables.AWS_GUARD_DUTY).dynamicString("ResourceDetails", "[]");

        assertThat(dropper(rules, list)).isEqualTo("no-resources");
        assertThat(dropper(rules, text)).as("the string \"[]\" is not the empty list").isNull();
        assertThat(dropper(rules("""
                [{"name": "text", "table": "AWSGuardDuty", "when": {"ResourceDetails": {"equals": "\\"[]\\""}}}]"""), text))
                .as("as JSON text, with its quotes").isEqualTo("text");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // without the read budget this test would not end: 2^10000 steps
    void aRegexThatBacktracksWithoutEndOnHostileTextGivesUpAndDropsNothing() {
        FilterRules rules = rules("""
                [{"name": "nested", "table": "AWSCloudWatch", "when": {"Message": {"regex": "^(a+)+$"}}}]""");
        Row hostile = new Row(Tables.AWS_CLOUD_WATCH).string("Message", "a".repeat(10_000) + "!");
        Row plain = new Row(Tables.AWS_CLOUD_WATCH).string("Message", "aaaa");

        assertThat(dropper(rules, hostile)).as("sent: the rule could not decide").isNull();
        assertThat(dropper(rules, plain)).isEqualTo("nested");
        assertThat(dropper(rules, new Row(Tables.AWS_CLOUD_WATCH).string("Message", "a".repeat(100_000))))
                .as("a long text the regex matches in linear time is still decided").isEqualTo("nested");
    }

    @Test
    void refusesBadRulesListingEveryProblem() {
        List<String> problems = problems("""
                [{"name": "ok", "table": "AWSVPCFlow", "when": {"LogStatus": {"equals": "NODATA"}}},
                 {"name": "ok", "table": "AWSVPCFlow", "when": {"LogStatus": {"equals": "SKIPDATA"}}},
                 {"name": "bad table", "table": "AWSVpcFlow", "when": {"LogStatus": {"equals": "NODATA"}}},
                 {"name": "x", "table": "AWSVPCFlow", "when": {"NoSuchColumn": {"equals": "a"}, "DstPort": {"equals": "53"},
                     "SrcAddr": {"regex": "("}, "Action": {"like": "A%"}, "Packets": {"prefix": "1"}, "Start": {"equals": "x"},
                     "VpcId": {"in": []}, "SubnetId": {"prefix": ["", "subnet-"]}}},
                 {"name": "y", "table": "AWSCloudTrail", "when": {}, "extra": 1},
                 {"name": "z", "table": "AWSCloudTrail", "when": {"ReadOnly": {"equals": "true"}}}]""");

        assertThat(problems).containsExactly(
                "FILTER_RULES rule 2 (ok): another rule has the same name",
                "FILTER_RULES rule 3 (bad table): name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "FILTER_RULES rule 3 (bad table): table must be one of [AWSCloudTrail, AWSGuardDuty, AWSVPCFlow, AWSCloudWatch, AWSWAF,"
                        + " AWSNetworkFirewallFlow, AWSNetworkFirewallAlert, AWSNetworkFirewallTls, AWSRoute53Resolver, AWSS3ServerAccess,"
                        + " AWSALBAccessLogs, AWSNLBAccessLogs, AWSSecurityHubFindings], not 'AWSVpcFlow'",
                "FILTER_RULES rule 4 (x), column NoSuchColumn: AWSVPCFlow has no such column",
                "FILTER_RULES rule 4 (x), column DstPort equals: \"53\" can never equal a value of this int column (give a whole number)",
                "FILTER_RULES rule 4 (x), column SrcAddr: regex does not compile: Unclosed group",
                "FILTER_RULES rule 4 (x), column Action: unknown operator 'like' (use equals, in, prefix or regex)",
                "FILTER_RULES rule 4 (x), column Packets prefix: only text columns can be matched by prefix or regex; use equals or in",
                "FILTER_RULES rule 4 (x), column Start: time columns cannot be filtered on (the rules leave out kinds of rows, not periods)",
                "FILTER_RULES rule 4 (x), column VpcId: in must be a list of 1 to 1000 values",
                "FILTER_RULES rule 4 (x), column SubnetId prefix: must be a non-empty string or a list of 1 to 1000 non-empty strings",
                "FILTER_RULES rule 5 (y): unknown field 'extra' (a rule has name, table and when)",
                "FILTER_RULES rule 5 (y): when must name at least one column and its condition, e.g. {\"LogStatus\": {\"equals\": \"NODATA\"}}",
                "FILTER_RULES rule 6 (z), column ReadOnly equals: \"true\" can never equal a value of this boolean column (give true or false)");
    }

    @Test
    void refusesWhatIsNotAListOfRulesAndTooManyRules() {
        assertThat(problems("{\"name\": \"a\"}")).containsExactly(
                "FILTER_RULES must be a JSON list of {\"name\": ..., \"table\": ..., \"when\": {column: condition}}");
        assertThat(problems("[{")).singleElement().asString().startsWith("FILTER_RULES is not valid JSON: ");
        String many = "[" + String.join(",", java.util.Collections.nCopies(51,
                "{\"name\":\"n\",\"table\":\"AWSVPCFlow\",\"when\":{\"LogStatus\":{\"equals\":\"NODATA\"}}}")) + "]";
        assertThat(problems(many)).containsExactly("FILTER_RULES holds 51 rules; at most 50 are allowed");
    }

    @Test
    void theConfigurationRefusesBadRulesAtStartWithTheOtherProblems() {
        Map<String, String> env = new HashMap<>(Map.of("INGESTION_ENDPOINT", "https://x.ingest.monitor.azure.com",
                "DCR_IMMUTABLE_ID", "dcr-1", "AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c", "ALLOWED_BUCKETS", "b"));
        env.put("FILTER_RULES", "[{\"name\": \"n\", \"table\": \"AWSVPCFlow\", \"when\": {\"Bytes\": {\"equals\": 1.5}}}]");
        env.put("UPLOAD_CONCURRENCY", "0");

        assertThatThrownBy(() -> ForwarderConfig.from(env)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("FILTER_RULES rule 1 (n), column Bytes equals: 1.5 can never equal a value of this long column")
                .hasMessageContaining("UPLOAD_CONCURRENCY must be between 1 and 64");
        env.remove("UPLOAD_CONCURRENCY");
        env.put("FILTER_RULES", "[{\"name\": \"n\", \"table\": \"AWSVPCFlow\", \"when\": {\"Bytes\": {\"equals\": 0}}}]");
        assertThat(ForwarderConfig.from(env).filters().dropping(new Row(Tables.AWS_VPC_FLOW).longInteger("Bytes", 0))).isNotNull();
        env.remove("FILTER_RULES");
        assertThat(ForwarderConfig.from(env).filters()).isSameAs(FilterRules.NONE);
    }
}
