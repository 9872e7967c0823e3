package dev.sentinelforwarder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.pipeline.RowFilter;
import dev.sentinelforwarder.table.Column;
import dev.sentinelforwarder.table.ColumnType;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * User rules that drop rows before they are sent, to leave out noise Sentinel would bill for. A rule names
 * a table and conditions on its columns; a row is dropped by the first rule whose every condition holds.
 * A rule sees the mapped row, so its columns are the table's columns, whatever the source format called them.
 *
 * <pre>[{"name": "ec2-read-only", "table": "AWSCloudTrail", "when": {
 *     "EventSource": {"equals": "ec2.amazonaws.com"}, "ReadOnly": {"equals": true},
 *     "EventName": {"prefix": ["Describe", "Get", "List"]}}}]</pre>
 *
 * <p>An empty column matches no condition, so a rule never drops a row for lack of a value.
 */
public final class FilterRules implements RowFilter {
    /** Bounds the work per row: every rule of a table may be tried on every row. */
    static final int MAX_RULES = 50;
    static final int MAX_CONDITIONS = 10;
    static final int MAX_VALUES = 1000;
    /** Rule names become a metric dimension and log keys. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String OPERATORS = "equals, in, prefix or regex";

    public static final FilterRules NONE = new FilterRules(Map.of());

    /** One rule: its name and the conditions that must all hold. */
    public record Rule(String name, TableSchema table, List<Condition> conditions) {
        boolean matches(Row row) {
            for (Condition condition : conditions) {
                if (!condition.matches(row)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A test of one column's value, compared as text: numbers in decimal, booleans as true or false, dynamic values as
     * their JSON text, so in a dynamic column the string "[]" is {@code "[]"} with its quotes and not the empty list.
     *
     * @param dynamic whether the column is dynamic
     */
    public record Condition(int column, boolean dynamic, Set<String> anyOf, List<String> prefixes, Pattern regex) {
        boolean matches(Row row) {
            String text = switch (row.valueAt(column)) {
                case null -> null;
                case String s -> dynamic ? jsonString(s) : s;
                case Row.RawJson json -> json.json();
                case Object other -> other.toString();
            };
            if (text == null) {
                return false;
            }
            if (anyOf != null && !anyOf.contains(text)) {
                return false;
            }
            if (prefixes != null && prefixes.stream().noneMatch(text::startsWith)) {
                return false;
            }
            if (regex == null) {
                return true;
            }
            try {
                return regex.matcher(new BudgetedText(text)).find();
            } catch (BudgetedText.Spent e) {
                return false; // the row is sent: a rule that cannot decide drops nothing
            }
        }
    }

    /**
     * The row's text as a regex sees it, with a budget of characters read: a rule's regex that backtracks
     * catastrophically on hostile input ({@code (a+)+$} on a long run of a's) gives up after a bounded amount of
     * work instead of holding the invocation. By hand because {@link java.util.regex} has no time limit and its
     * matcher reads its input only through {@link CharSequence#charAt}.
     */
    static final class BudgetedText implements CharSequence {
        /** Reads allowed per character of input, plus a floor: a linear regex stays far below it. */
        static final long READS_PER_CHAR = 64;
        static final long MIN_READS = 100_000;

        static final class Spent extends RuntimeException {
            Spent() {
                super("regex read budget spent", null, false, false);
            }
        }

        private final String text;
        private long left;

        BudgetedText(String text) {
            this.text = text;
            this.left = MIN_READS + READS_PER_CHAR * text.length();
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Spent();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Map<TableSchema, List<Rule>> byTable;

    private FilterRules(Map<TableSchema, List<Rule>> byTable) {
        this.byTable = byTable;
    }

    public boolean isEmpty() {
        return byTable.isEmpty();
    }

    /** The name of the rule that drops {@code row}, or null when none does (the row is sent). */
    @Override
    public String dropping(Row row) {
        Rule rule = droppingRule(row);
        return rule == null ? null : rule.name();
    }

    /** The first rule that drops {@code row}, or null. */
    public Rule droppingRule(Row row) {
        List<Rule> rules = byTable.get(row.table());
        if (rules != null) {
            for (Rule rule : rules) {
                if (rule.matches(row)) {
                    return rule;
                }
            }
        }
        return null;
    }

    /** Parses the JSON list, adding every problem found to {@code problems}. */
    public static FilterRules parse(String json, List<String> problems) {
        JsonNode root = Setting.FILTER_RULES.jsonList(json, "{\"name\": ..., \"table\": ..., \"when\": {column: condition}}", problems);
        if (root == null) {
            return NONE;
        }
        if (root.size() > MAX_RULES) {
            problems.add(Setting.FILTER_RULES + " holds " + root.size() + " rules; at most " + MAX_RULES + " are allowed");
            return NONE;
        }
        Map<TableSchema, List<Rule>> byTable = new IdentityHashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String name = node.path("name").asText("");
            String where = Setting.FILTER_RULES + " rule " + (i + 1) + (name.isEmpty() ? "" : " (" + name + ")");
            Rule rule = rule(node, where, problems);
            if (rule != null && !names.add(name)) {
                problems.add(where + ": another rule has the same name");
            } else if (rule != null) {
                byTable.computeIfAbsent(rule.table(), t -> new ArrayList<>()).add(rule);
            }
        }
        byTable.replaceAll((table, rules) -> List.copyOf(rules));
        return byTable.isEmpty() ? NONE : new FilterRules(byTable);
    }

    private static Rule rule(JsonNode node, String where, List<String> problems) {
        int before = problems.size();
        if (!node.isObject()) {
            problems.add(where + ": must be an object with name, table and when");
            return null;
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Set.of("name", "table", "when").contains(field)) {
                problems.add(where + ": unknown field '" + field + "' (a rule has name, table and when)");
            }
        }
        String name = node.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            problems.add(where + ": name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String tableName = node.path("table").asText("");
        TableSchema table = Tables.ALL.stream().filter(t -> t.name().equals(tableName)).findFirst().orElse(null);
        if (table == null) {
            problems.add(where + ": table must be one of " + Tables.ALL + ", not '" + tableName + "'");
        }
        JsonNode when = node.path("when");
        if (!when.isObject() || when.isEmpty()) {
            problems.add(where + ": when must name at least one column and its condition, e.g. {\"LogStatus\": {\"equals\": \"NODATA\"}}");
        } else if (when.size() > MAX_CONDITIONS) {
            problems.add(where + ": at most " + MAX_CONDITIONS + " columns per rule");
        }
        List<Condition> conditions = new ArrayList<>();
        if (table != null && when.isObject()) {
            for (Map.Entry<String, JsonNode> entry : when.properties()) {
                Condition condition = condition(table, entry.getKey(), entry.getValue(), where, problems);
                if (condition != null) {
                    conditions.add(condition);
                }
            }
        }
        return problems.size() == before ? new Rule(name, table, List.copyOf(conditions)) : null;
    }

    private static Condition condition(TableSchema table, String columnName, JsonNode test, String where, List<String> problems) {
        String at = where + ", column " + columnName;
        Column column = table.column(columnName).orElse(null);
        if (column == null) {
            problems.add(at + ": " + table.name() + " has no such column");
            return null;
        }
        if (column.type() == ColumnType.DATETIME) {
            problems.add(at + ": time columns cannot be filtered on (the rules leave out kinds of rows, not periods)");
            return null;
        }
        if (!test.isObject() || test.isEmpty()) {
            problems.add(at + ": the condition must be an object with " + OPERATORS);
            return null;
        }
        int before = problems.size();
        Set<String> anyOf = null;
        List<String> prefixes = null;
        Pattern regex = null;
        for (Map.Entry<String, JsonNode> operator : test.properties()) {
            JsonNode value = operator.getValue();
            switch (operator.getKey()) {
                case "equals" -> anyOf = intersect(anyOf, comparable(column, List.of(value), at + " equals", problems));
                case "in" -> {
                    if (!value.isArray() || value.isEmpty() || value.size() > MAX_VALUES) {
                        problems.add(at + ": in must be a list of 1 to " + MAX_VALUES + " values");
                    } else {
                        List<JsonNode> values = new ArrayList<>();
                        value.forEach(values::add);
                        anyOf = intersect(anyOf, comparable(column, values, at + " in", problems));
                    }
                }
                case "prefix" -> prefixes = texts(column, value, at + " prefix", problems);
                case "regex" -> {
                    if (!textual(column, at + " regex", problems)) {
                        continue;
                    }
                    if (!value.isTextual() || value.asText().isEmpty()) {
                        problems.add(at + ": regex must be a non-empty string");
                        continue;
                    }
                    try {
                        regex = Pattern.compile(value.asText());
                    } catch (PatternSyntaxException e) {
                        problems.add(at + ": regex does not compile: " + e.getDescription());
                    }
                }
                default -> problems.add(at + ": unknown operator '" + operator.getKey() + "' (use " + OPERATORS + ")");
            }
        }
        int index = table.indexOf(columnName);
        return problems.size() == before ? new Condition(index, table.columns().get(index).type() == ColumnType.DYNAMIC, anyOf, prefixes,
                regex) : null;
    }

    /** The values as the row's text form of this column, refusing those that could never match it. */
    private static Set<String> comparable(Column column, List<JsonNode> values, String at, List<String> problems) {
        Set<String> texts = new HashSet<>();
        for (JsonNode value : values) {
            boolean fits = switch (column.type()) {
                case INT, LONG -> value.canConvertToLong() && value.isIntegralNumber();
                case REAL -> value.isNumber();
                case BOOLEAN -> value.isBoolean();
                default -> value.isTextual();
            };
            if (!fits) {
                problems.add(at + ": " + value + " can never equal a value of this " + column.type().name().toLowerCase(java.util.Locale.ROOT)
                        + " column (give " + switch (column.type()) {
                            case INT, LONG -> "a whole number";
                            case REAL -> "a number";
                            case BOOLEAN -> "true or false";
                            default -> "a string";
                        } + ")");
            } else {
                texts.add(value.isTextual() ? value.asText() : value.toString());
            }
        }
        return texts;
    }

    private static List<String> texts(Column column, JsonNode value, String at, List<String> problems) {
        if (!textual(column, at, problems)) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isArray() && !value.isEmpty() && value.size() <= MAX_VALUES) {
            value.forEach(v -> texts.add(v.isTextual() ? v.asText() : null));
        }
        if (texts.isEmpty() || texts.contains(null) || texts.contains("")) {
            problems.add(at + ": must be a non-empty string or a list of 1 to " + MAX_VALUES + " non-empty strings");
            return null;
        }
        return List.copyOf(texts);
    }

    /** {@code text} as a JSON string: how a dynamic column holds a value that is text. */
    private static String jsonString(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    private static boolean textual(Column column, String at, List<String> problems) {
        boolean textual = column.type() == ColumnType.STRING || column.type() == ColumnType.GUID || column.type() == ColumnType.DYNAMIC;
        if (!textual) {
            problems.add(at + ": only text columns can be matched by prefix or regex; use equals or in");
        }
        return textual;
    }

    /** equals and in together: a value must satisfy both. */
    private static Set<String> intersect(Set<String> current, Set<String> values) {
        if (current == null) {
            return Set.copyOf(values);
        }
        Set<String> both = new HashSet<>(current);
        both.retainAll(values);
        return Set.copyOf(both);
    }
}
