package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.excerpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import java.time.Instant;
import java.util.Map;

/**
 * AWS WAF web ACL log record -> AWSWAF row. Microsoft's WAF DCR passes its input through without a public
 * transform, so the mapping follows the table's column names: top-level fields by name, the request's own
 * fields from {@code httpRequest}; RuleGroupId and TerminatingRule from the rule group whose rule ended
 * the evaluation, ExcludedRules gathered from every group. Fields with no column (ja4Fingerprint,
 * cfDistributionTenantId, httpRequest's fragment, scheme, host) are counted as unmapped.
 */
public final class WafMapper extends TableMapper<JsonFields> {
    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field TIMESTAMP = SELECT.field("timestamp");
    private static final Field WEB_ACL_ID = SELECT.field("webaclId");
    private static final Field RESPONSE_CODE_SENT = SELECT.field("responseCodeSent");
    private static final Field HTTP_REQUEST = SELECT.field("httpRequest");
    private static final Field RULE_GROUP_LIST = SELECT.field("ruleGroupList");
    private static final Map<String, Field> TEXT = Map.of(
            "Action", SELECT.field("action"),
            "FormatVersion", SELECT.field("formatVersion"),
            "HttpSourceName", SELECT.field("httpSourceName"),
            "HttpSourceId", SELECT.field("httpSourceId"),
            "TerminatingRuleId", SELECT.field("terminatingRuleId"),
            "TerminatingRuleType", SELECT.field("terminatingRuleType"),
            "Ja3Fingerprint", SELECT.field("ja3Fingerprint"));
    private static final Map<String, Field> DYNAMIC = Map.of(
            "TerminatingRuleMatchDetails", SELECT.field("terminatingRuleMatchDetails"),
            "RateBasedRuleList", SELECT.field("rateBasedRuleList"),
            "NonTerminatingMatchingRules", SELECT.field("nonTerminatingMatchingRules"),
            "RequestHeadersInserted", SELECT.field("requestHeadersInserted"),
            "Labels", SELECT.field("labels"),
            "CaptchaResponse", SELECT.field("captchaResponse"),
            "ChallengeResponse", SELECT.field("challengeResponse"),
            "OversizeFields", SELECT.field("oversizeFields"));
    /** Columns from httpRequest's fields. */
    private static final Map<String, String> REQUEST = Map.of("ClientIp", "clientIp", "Country", "country", "Uri", "uri",
            "Args", "args", "HttpVersion", "httpVersion", "HttpMethod", "httpMethod", "RequestId", "requestId");

    public static final JsonFields.Selection FIELDS = SELECT.build();

    public WafMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(JsonFields record) {
        if (record.text(WEB_ACL_ID) == null) {
            return new Mapping.Skipped("not a WAF log record: no \"webaclId\"");
        }
        Row row = new Row(Tables.AWS_WAF);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(epochMillis(row, record.text(TIMESTAMP))));
        row.string("WebAclId", record.text(WEB_ACL_ID));
        TEXT.forEach((column, field) -> row.string(column, record.text(field)));
        DYNAMIC.forEach((column, field) -> JsonValues.dynamic(row, column, record, field));
        responseCode(row, record);
        request(row, record);
        ruleGroups(row, record);
        countUnmapped(record);
        return new Mapping.Mapped(row);
    }

    private static Instant epochMillis(Row row, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(text));
        } catch (NumberFormatException e) {
            row.invalid("TimeGenerated", "'" + excerpt(text) + "' is not epoch milliseconds");
            return null;
        }
    }

    private static void responseCode(Row row, JsonFields record) {
        String text = record.text(RESPONSE_CODE_SENT);
        if (text == null) {
            return;
        }
        if (record.token(RESPONSE_CODE_SENT) != JsonToken.VALUE_NUMBER_INT && !text.chars().allMatch(Character::isDigit)) {
            row.invalid("ResponseCodeSent", "'" + excerpt(text) + "' is not a status code");
            return;
        }
        SpacedFieldsMapper.integer(row, "ResponseCodeSent", text);
    }

    private void request(Row row, JsonFields record) {
        JsonValues.dynamic(row, "HttpRequest", record, HTTP_REQUEST);
        JsonNode request = tree(record, HTTP_REQUEST);
        if (request == null) {
            return;
        }
        REQUEST.forEach((column, name) -> {
            JsonNode value = request.get(name);
            if (value != null && !value.isNull()) {
                row.string(column, value.isValueNode() ? value.asText() : value.toString());
            }
        });
        JsonNode headers = request.get("headers");
        if (headers != null && !headers.isNull()) {
            row.dynamic("Headers", headers.toString());
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!REQUEST.containsValue(name) && !name.equals("headers")) {
                unmapped("httpRequest." + name);
            }
        });
    }

    private static void ruleGroups(Row row, JsonFields record) {
        JsonValues.dynamic(row, "RuleGroupList", record, RULE_GROUP_LIST);
        JsonNode groups = tree(record, RULE_GROUP_LIST);
        if (groups == null || !groups.isArray()) {
            return;
        }
        ArrayNode excluded = JsonNodeFactory.instance.arrayNode();
        for (JsonNode group : groups) {
            JsonNode terminating = group.get("terminatingRule");
            if (terminating != null && !terminating.isNull() && row.get("TerminatingRule") == null) {
                row.string("RuleGroupId", group.path("ruleGroupId").asText(null));
                row.dynamic("TerminatingRule", terminating.toString());
            }
            JsonNode rules = group.get("excludedRules");
            if (rules != null && rules.isArray()) {
                excluded.addAll((ArrayNode) rules);
            }
        }
        if (!excluded.isEmpty()) {
            row.dynamic("ExcludedRules", excluded.toString());
        }
    }

    /** The field's value as a tree: it is at most one column's 64 KB; null when absent or cut. */
    private static JsonNode tree(JsonFields record, Field field) {
        String text = record.text(field);
        if (text == null || record.token(field) != JsonToken.START_OBJECT && record.token(field) != JsonToken.START_ARRAY) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null; // longer than a column holds: the column has the cut text, its parts stay empty
        }
    }
}
