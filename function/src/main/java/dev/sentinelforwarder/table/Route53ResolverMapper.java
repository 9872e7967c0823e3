package dev.sentinelforwarder.table;

import static dev.sentinelforwarder.table.JsonValues.instant;

import dev.sentinelforwarder.format.JsonFields;
import dev.sentinelforwarder.format.JsonFields.Field;
import java.time.Instant;

/** Route 53 Resolver query log record -> AWSRoute53Resolver row, as Microsoft's transform maps it. */
public final class Route53ResolverMapper extends TableMapper<JsonFields> {
    /** The constant Microsoft's transform sets: the table may one day hold other Resolver logs. */
    static final String LOG_TYPE = "ResolverQueryLogs";

    private static final JsonFields.Selection.Builder SELECT = JsonFields.Selection.builder().maxValueChars(Row.MAX_VALUE_BYTES + 1);
    private static final Field QUERY_TIMESTAMP = SELECT.field("query_timestamp");
    private static final Field QUERY_NAME = SELECT.field("query_name");
    private static final Field ANSWERS = SELECT.field("answers");
    private static final Field SRCIDS = SELECT.field("srcids");
    /** Columns copied as text, with the field each comes from. */
    private static final String[][] TEXT = {{"Version", "version"}, {"AccountId", "account_id"}, {"Region", "region"},
        {"VpcId", "vpc_id"}, {"QueryType", "query_type"}, {"QueryClass", "query_class"}, {"Rcode", "rcode"},
        {"SrcAddr", "srcaddr"}, {"SrcPort", "srcport"}, {"Transport", "transport"}, {"FirewallRuleAction", "firewall_rule_action"},
        {"FirewallRuleGroupId", "firewall_rule_group_id"}, {"FirewallDomainListId", "firewall_domain_list_id"}};
    private static final Field[] TEXT_FIELDS = new Field[TEXT.length];

    static {
        for (int i = 0; i < TEXT.length; i++) {
            TEXT_FIELDS[i] = SELECT.field(TEXT[i][1]);
        }
    }

    public static final JsonFields.Selection FIELDS = SELECT.build();

    public Route53ResolverMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(JsonFields query) {
        if (query.text(QUERY_NAME) == null) {
            return new Mapping.Skipped("not a Route 53 Resolver query log record: no \"query_name\"");
        }
        Row row = new Row(Tables.AWS_ROUTE53_RESOLVER);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(instant(row, "TimeGenerated", query, QUERY_TIMESTAMP)));
        row.string("QueryName", query.text(QUERY_NAME));
        for (int i = 0; i < TEXT.length; i++) {
            row.string(TEXT[i][0], query.text(TEXT_FIELDS[i]));
        }
        JsonValues.dynamic(row, "Answers", query, ANSWERS);
        JsonValues.dynamic(row, "SrcIds", query, SRCIDS);
        row.string("LogType", LOG_TYPE);
        countUnmapped(query);
        return new Mapping.Mapped(row);
    }
}
