package dev.sentinelforwarder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.KeyOrigin;
import dev.sentinelforwarder.format.LogType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * User rules that send an object's rows to a destination by what the writer of the log cannot choose: the bucket, and the
 * AWS account, organization and region of the key's pinned layout ({@link KeyOrigin}); and the log type. A key prefix is
 * chosen by whoever configures a delivery (a trail's S3KeyPrefix, a Firehose prefix, an access log's TargetPrefix), so a
 * rule may name one only with {@code "trustPrefix": true}, the operator's word that a bucket policy lets one tenant alone
 * write there. The first rule whose conditions all hold wins; a rule without conditions matches every object; objects no
 * rule matches go to {@link Destination#DEFAULT}. A record's own account never routes its object: it is checked against
 * the object's route instead ({@link #destinationFor(Place, String)}).
 */
public record DestinationRules(List<Rule> rules) {
    /**
     * One rule: the destination, and for each condition the values any one of which satisfies it; an empty set is no
     * condition. Regions may end in {@code -*} (eu-*); a condition on the account, organization or region does not hold for
     * a key whose pinned layout names none.
     */
    public record Rule(String to, Set<String> buckets, Set<String> accounts, Set<String> organizations, List<String> regions,
            List<String> prefixes, Set<LogType> types) {
        boolean matches(Place place, String account) {
            return holds(buckets, place.bucket(), buckets::contains)
                    && holds(accounts, account, accounts::contains)
                    && holds(organizations, place.origin().organization(), organizations::contains)
                    && holds(regions, place.origin().region(), region -> regions.stream().anyMatch(r -> covers(r, region)))
                    && holds(prefixes, place.key(), key -> prefixes.stream().anyMatch(key::startsWith))
                    && holds(types, place.type(), types::contains);
        }

        boolean unconditional() {
            return buckets.isEmpty() && accounts.isEmpty() && organizations.isEmpty() && regions.isEmpty() && prefixes.isEmpty()
                    && types.isEmpty();
        }

        /** True when this rule matches every object {@code later} matches, so {@code later} is never reached behind it. */
        boolean takesAllOf(Rule later) {
            return within(buckets, later.buckets, String::equals) && within(accounts, later.accounts, String::equals)
                    && within(organizations, later.organizations, String::equals) && within(regions, later.regions, Rule::covers)
                    && within(prefixes, later.prefixes, (mine, theirs) -> theirs.startsWith(mine))
                    && within(types, later.types, LogType::equals);
        }

        private static <T> boolean holds(Collection<T> condition, T value, Predicate<T> test) {
            return condition.isEmpty() || (value != null && test.test(value));
        }

        /** Every value of {@code later}'s condition is covered by one of {@code mine}, or {@code mine} is no condition. */
        private static <T> boolean within(Collection<T> mine, Collection<T> later, java.util.function.BiPredicate<T, T> covers) {
            return mine.isEmpty() || (!later.isEmpty() && later.stream().allMatch(v -> mine.stream().anyMatch(m -> covers.test(m, v))));
        }

        /** eu-* covers eu-west-1 and eu-west-*; eu-west-1 covers only itself. */
        private static boolean covers(String pattern, String region) {
            return pattern.endsWith("*") ? region.startsWith(pattern.substring(0, pattern.length() - 1)) : region.equals(pattern);
        }
    }

    /**
     * Where an object is, as routing may read it: its bucket, its key (for trusted prefixes), the pinned layout's origin and
     * its log type.
     */
    public record Place(String bucket, String key, KeyOrigin origin, LogType type) {
    }

    public static final DestinationRules NONE = new DestinationRules(List.of());

    private static final Set<String> FIELDS = Set.of("to", "bucket", "account", "organization", "region", "prefix", "trustPrefix",
            "type");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    /** A region of {@link KeyOrigin#REGION}'s forms, or the start of one ending in {@code -*}: eu-*, us-gov-*. */
    private static final Pattern REGION_OR_WILDCARD = Pattern.compile(KeyOrigin.REGION.pattern() + "|[a-z]{2,4}(-[a-z]+){0,2}-\\*");

    public DestinationRules {
        rules = List.copyOf(rules);
    }

    /** The name of the destination of the object at {@code place}: by its pinned account. */
    public String destinationFor(Place place) {
        return destinationFor(place, place.origin().account());
    }

    /**
     * The name of the destination an object at {@code place} would have if its pinned layout named {@code account}: the
     * destination of a row naming that account, to compare with its object's.
     */
    public String destinationFor(Place place, String account) {
        for (Rule rule : rules) {
            if (rule.matches(place, account)) {
                return rule.to();
            }
        }
        return Destination.DEFAULT;
    }

    /** True when some rule routes by account or organization: objects may go to different tenants. */
    public boolean byTenant() {
        return rules.stream().anyMatch(r -> !r.accounts().isEmpty() || !r.organizations().isEmpty());
    }

    /** True when the last rule takes every object, so {@link Destination#DEFAULT} is never used. */
    boolean catchesAll() {
        return !rules.isEmpty() && rules.getLast().unconditional();
    }

    boolean sendsTo(String destination) {
        return rules.stream().anyMatch(r -> r.to().equals(destination));
    }

    /** Parses the JSON list, adding every problem found to {@code problems}; {@code destinations} are the names rules may use. */
    static DestinationRules parse(String json, Set<String> destinations, List<String> problems) {
        Setting setting = Setting.DESTINATION_RULES;
        JsonNode root = setting.jsonList(json, "{\"to\": ..., \"bucket\"|\"account\"|\"organization\"|\"region\"|\"type\": ...}", problems);
        if (root == null) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String where = setting + " rule " + (i + 1);
            if (!node.isObject()) {
                problems.add(where + " must be an object");
                continue;
            }
            Rule rule = rule(node, where, destinations, problems);
            for (int earlier = 0; earlier < rules.size(); earlier++) {
                if (rules.get(earlier).takesAllOf(rule)) {
                    problems.add(where + " is never reached: rule " + (earlier + 1) + " takes every object it would"
                            + (rules.get(earlier).unconditional() ? " (rule " + (earlier + 1) + " has no conditions)" : ""));
                    break;
                }
            }
            rules.add(rule);
        }
        return new DestinationRules(rules);
    }

    private static Rule rule(JsonNode rule, String where, Set<String> destinations, List<String> problems) {
        for (Iterator<String> names = rule.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(where + ": unknown field '" + name + "'; the fields are " + FIELDS.stream().sorted().toList());
            }
        }
        JsonNode toNode = rule.path("to");
        String to = toNode.isTextual() ? toNode.textValue() : "";
        if (!destinations.contains(to)) {
            problems.add(where + ": 'to' must name a destination of " + Setting.DESTINATIONS + " or " + Destination.DEFAULT
                    + ", not " + (toNode.isMissingNode() ? "nothing" : toNode.toString()));
        }
        Set<String> buckets = new LinkedHashSet<>(texts(rule, "bucket", where, BUCKET, "a bucket name", problems));
        Set<String> accounts = new LinkedHashSet<>(texts(rule, "account", where, ACCOUNT, "a 12-digit account id", problems));
        Set<String> organizations = new LinkedHashSet<>(texts(rule, "organization", where, ORGANIZATION,
                "an organization id (o-...)", problems));
        List<String> regions = texts(rule, "region", where, REGION_OR_WILDCARD,
                "a region (eu-west-1, us-gov-west-1, eusc-de-east-1) or the start of one ending in -* (eu-*)", problems);
        List<String> prefixes = texts(rule, "prefix", where, Pattern.compile(".+", Pattern.DOTALL), "a key prefix", problems);
        JsonNode trust = rule.get("trustPrefix");
        if (trust != null && (!trust.isBoolean() || prefixes.isEmpty())) {
            problems.add(where + ": trustPrefix must be true or false, beside a prefix, not " + trust);
        } else if (!prefixes.isEmpty() && (trust == null || !trust.booleanValue())) {
            problems.add(where + ": prefix is chosen by whoever delivers into the bucket (a trail's S3KeyPrefix, a Firehose"
                    + " prefix, an access log's TargetPrefix), so any tenant allowed to write there can take another's: route by"
                    + " bucket or account instead, or, where the bucket policy lets one tenant alone write under " + prefixes
                    + ", add \"trustPrefix\": true to the rule");
        }
        Set<LogType> types = new LinkedHashSet<>();
        for (String id : texts(rule, "type", where, Pattern.compile(".*"), "a log type", problems)) {
            LogType.byId(id).ifPresentOrElse(types::add, () -> problems.add(where + ": type must be one of "
                    + Arrays.stream(LogType.values()).map(LogType::id).toList() + ", not '" + id + "'"));
        }
        return new Rule(to, buckets, accounts, organizations, regions, prefixes, types);
    }

    /** A condition's values: one string or a list of them, each matching {@code valid}; null is refused, not no condition. */
    private static List<String> texts(JsonNode rule, String field, String where, Pattern valid, String what, List<String> problems) {
        JsonNode node = rule.get(field);
        if (node == null) {
            return List.of();
        }
        if (node.isNull()) {
            problems.add(where + ": " + field + " is null, which would match everything; leave it out to match everything");
            return List.of();
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        if (values.isEmpty()) {
            problems.add(where + ": " + field + " is an empty list, which nothing matches; leave it out to match everything");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual() || !valid.matcher(value.asText()).matches()) {
                problems.add(where + ": " + field + " must be " + what + " or a list of them, not " + value);
            } else {
                texts.add(value.asText());
            }
        }
        return texts;
    }
}
