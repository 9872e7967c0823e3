package dev.sentinelforwarder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.KeyOrigin;
import dev.sentinelforwarder.format.LogType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * User rules that send an object's rows to a destination by what its key says: the AWS account, organization and region
 * ({@link KeyOrigin}; where the key names no account, its first record's), a key prefix, the log type. The first rule whose
 * conditions all hold wins; a rule without conditions matches every object; objects no rule matches go to
 * {@link Destination#DEFAULT}. A whole object goes to one destination: its record ranges, which retries and the ledger
 * settle, then belong to one workspace, so a workspace that refuses leaves holes only in its own objects.
 */
public record DestinationRules(List<Rule> rules) {
    /**
     * One rule: the destination, and for each condition the values any one of which satisfies it; an empty set is no
     * condition. Regions may end in {@code *} (eu-*); a condition on the account or region does not hold for a key that
     * names none.
     */
    public record Rule(String to, Set<String> accounts, Set<String> organizations, List<String> regions, List<String> prefixes,
            Set<LogType> types) {
        boolean matches(String key, KeyOrigin origin, LogType type) {
            return holds(accounts, origin.account(), accounts::contains)
                    && holds(organizations, origin.organization(), organizations::contains)
                    && holds(regions, origin.region(), region -> regions.stream().anyMatch(r -> r.endsWith("*")
                            ? region.startsWith(r.substring(0, r.length() - 1)) : region.equals(r)))
                    && (prefixes.isEmpty() || prefixes.stream().anyMatch(key::startsWith))
                    && holds(types, type, types::contains);
        }

        boolean unconditional() {
            return accounts.isEmpty() && organizations.isEmpty() && regions.isEmpty() && prefixes.isEmpty() && types.isEmpty();
        }

        private static <T> boolean holds(java.util.Collection<T> condition, T value, Predicate<T> test) {
            return condition.isEmpty() || (value != null && test.test(value));
        }
    }

    public static final DestinationRules NONE = new DestinationRules(List.of());

    private static final Set<String> FIELDS = Set.of("to", "account", "organization", "region", "prefix", "type");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+\\*?");

    public DestinationRules {
        rules = List.copyOf(rules);
    }

    /**
     * The name of the destination of the object at {@code key}, of {@code type} (null when the key does not say).
     *
     * @param recordAccount the account its first record names, which stands in for the key's where the key names none; or null
     */
    public String destinationFor(String key, LogType type, String recordAccount) {
        KeyOrigin origin = KeyOrigin.of(key);
        if (origin.account() == null && recordAccount != null) {
            origin = new KeyOrigin(recordAccount, origin.organization(), origin.region());
        }
        KeyOrigin from = origin;
        return rules.stream().filter(r -> r.matches(key, from, type)).map(Rule::to).findFirst().orElse(Destination.DEFAULT);
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
        JsonNode root = setting.jsonList(json, "{\"to\": ..., \"account\"|\"organization\"|\"region\"|\"prefix\"|\"type\": ...}", problems);
        if (root == null) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        int takesAll = 0; // the first rule without conditions, 1-based; 0 for none yet
        for (int i = 0; i < root.size(); i++) {
            JsonNode rule = root.get(i);
            String where = setting + " rule " + (i + 1);
            if (!rule.isObject()) {
                problems.add(where + " must be an object");
                continue;
            }
            for (Iterator<String> names = rule.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    problems.add(where + ": unknown field '" + name + "'; the fields are " + FIELDS.stream().sorted().toList());
                }
            }
            if (takesAll > 0) {
                problems.add(where + " is never reached: rule " + takesAll + " has no conditions and takes every object");
            } else if (rule.size() == 1 && rule.has("to")) {
                takesAll = i + 1;
            }
            String to = rule.path("to").asText("");
            if (!destinations.contains(to)) {
                problems.add(where + ": 'to' must name a destination of " + Setting.DESTINATIONS + " or " + Destination.DEFAULT
                        + ", not '" + to + "'");
            }
            Set<String> accounts = new LinkedHashSet<>(texts(rule, "account", where, ACCOUNT, "a 12-digit account id", problems));
            Set<String> organizations = new LinkedHashSet<>(texts(rule, "organization", where, ORGANIZATION,
                    "an organization id (o-...)", problems));
            List<String> regions = texts(rule, "region", where, REGION, "a region, optionally ending in * (eu-*)", problems);
            List<String> prefixes = texts(rule, "prefix", where, Pattern.compile(".+", Pattern.DOTALL), "a key prefix", problems);
            Set<LogType> types = new LinkedHashSet<>();
            for (String id : texts(rule, "type", where, Pattern.compile(".*"), "a log type", problems)) {
                LogType.byId(id).ifPresentOrElse(types::add, () -> problems.add(where + ": type must be one of "
                        + Arrays.stream(LogType.values()).map(LogType::id).toList() + ", not '" + id + "'"));
            }
            rules.add(new Rule(to, accounts, organizations, regions, prefixes, types));
        }
        return new DestinationRules(rules);
    }

    /** A condition's values: one string or a list of them, each matching {@code valid}. */
    private static List<String> texts(JsonNode rule, String field, String where, Pattern valid, String what, List<String> problems) {
        JsonNode node = rule.get(field);
        if (node == null || node.isNull()) {
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
