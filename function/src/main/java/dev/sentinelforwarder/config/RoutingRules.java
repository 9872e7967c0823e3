package dev.sentinelforwarder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.LogType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** User rules that name the log type of matching keys, overriding detection. The first match wins. */
public record RoutingRules(List<Rule> rules) {
    /** A key prefix or a regular expression (found anywhere in the key), and the type it names. */
    public record Rule(String prefix, Pattern regex, LogType type) {
        boolean matches(String key) {
            return prefix != null ? key.startsWith(prefix) : regex.matcher(key).find();
        }
    }

    public static final RoutingRules NONE = new RoutingRules(List.of());

    public RoutingRules {
        rules = List.copyOf(rules);
    }

    public Optional<LogType> typeFor(String key) {
        return rules.stream().filter(r -> r.matches(key)).map(Rule::type).findFirst();
    }

    /** Parses the JSON list, adding every problem found to {@code problems}. */
    static RoutingRules parse(String json, List<String> problems) {
        JsonNode root = Setting.ROUTING_RULES.jsonList(json, "{\"prefix\"|\"regex\": ..., \"type\": ...}", problems);
        if (root == null) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode rule = root.get(i);
            String where = Setting.ROUTING_RULES + " rule " + (i + 1);
            Optional<LogType> type = LogType.byId(rule.path("type").asText(""));
            if (type.isEmpty()) {
                problems.add(where + ": type must be one of " + java.util.Arrays.stream(LogType.values()).map(LogType::id).toList()
                        + ", not '" + rule.path("type").asText("") + "'");
                continue;
            }
            if (rule.hasNonNull("prefix") == rule.hasNonNull("regex")) {
                problems.add(where + ": give exactly one of prefix or regex");
                continue;
            }
            if (rule.hasNonNull("prefix")) {
                rules.add(new Rule(rule.get("prefix").asText(), null, type.get()));
                continue;
            }
            try {
                rules.add(new Rule(null, Pattern.compile(rule.get("regex").asText()), type.get()));
            } catch (PatternSyntaxException e) {
                problems.add(where + ": regex does not compile: " + e.getDescription());
            }
        }
        return new RoutingRules(rules);
    }
}
