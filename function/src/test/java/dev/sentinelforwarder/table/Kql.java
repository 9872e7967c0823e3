package dev.sentinelforwarder.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test tooling: runs the part of KQL that Microsoft's DCR transforms for the AWS tables use (source, extend,
 * where ==, project, project-away; tostring, tobool, todatetime, toguid, todynamic, parse_json, now, tolong,
 * round, make_datetime, datetime_add; multiplication; dotted paths,
 * [n] and ['name']) on one input row, so a test can compare our rows with what Microsoft's own transform
 * text makes of the same record. Written by hand: no KQL engine runs on the JVM.
 *
 * <p>Values: String, Boolean, Instant, JsonNode (dynamic), {@link #NOW}, or null. {@code tostring} of an
 * absent value is null here (KQL gives ""; Log Analytics does not tell the two apart in a string column).
 */
final class Kql {
    /** What {@code now()} returns: the ingestion time, which no row built from the record can equal. */
    static final Object NOW = new Object() {
        @Override
        public String toString() {
            return "now()";
        }
    };

    private Kql() {
    }

    /** The transform's output row for {@code input} (column -> value), or null when a where clause drops it. */
    static Map<String, Object> run(String transform, Map<String, Object> input) {
        Map<String, Object> row = new LinkedHashMap<>(input);
        for (String stage : split(transform.replace('\r', '\n'), '|')) {
            String text = stage.strip();
            if (text.equals("source")) {
                continue;
            }
            int space = 0;
            while (!Character.isWhitespace(text.charAt(space))) {
                space++;
            }
            String operator = text.substring(0, space);
            String rest = text.substring(space + 1).strip();
            switch (operator) {
                case "extend" -> {
                    for (String assignment : split(rest, ',')) {
                        int eq = assignment.indexOf('=');
                        row.put(assignment.substring(0, eq).strip(), eval(assignment.substring(eq + 1).strip(), row));
                    }
                }
                case "project" -> {
                    Map<String, Object> projected = new LinkedHashMap<>();
                    for (String assignment : split(rest, ',')) {
                        int eq = assignment.indexOf('=');
                        projected.put(assignment.substring(0, eq).strip(), eval(assignment.substring(eq + 1).strip(), row));
                    }
                    row = projected;
                }
                case "project-away" -> {
                    for (String name : split(rest, ',')) {
                        row.remove(name.strip());
                    }
                }
                case "where" -> {
                    String[] sides = rest.split("==");
                    Object left = eval(sides[0].strip(), row);
                    Object right = eval(sides[1].strip(), row);
                    if (left == null || !left.equals(right)) {
                        return null;
                    }
                }
                default -> throw new IllegalArgumentException("operator not supported: " + operator);
            }
        }
        return row;
    }

    private static Object eval(String expression, Map<String, Object> row) {
        String e = expression.strip();
        List<String> factors = split(e, '*');
        if (factors.size() > 1) {
            double product = 1;
            for (String factor : factors) {
                Object value = eval(factor, row);
                if (value == null) {
                    return null; // as in KQL: null times anything is null
                }
                product *= number(value);
            }
            return product;
        }
        if (e.startsWith("\"")) {
            return e.substring(1, e.length() - 1);
        }
        if (e.matches("-?[0-9]+")) {
            return Long.parseLong(e);
        }
        int paren = e.indexOf('(');
        if (paren > 0 && e.substring(0, paren).matches("[a-z_]+") && closing(e, paren) >= 0) {
            int close = closing(e, paren);
            String function = e.substring(0, paren);
            List<Object> arguments = new ArrayList<>();
            for (String argument : split(e.substring(paren + 1, close), ',')) {
                arguments.add(eval(argument, row));
            }
            Object value = MULTI.contains(function) ? multi(function, arguments)
                    : apply(function, arguments.isEmpty() ? null : arguments.getFirst());
            return close == e.length() - 1 ? value : path(value, e.substring(close + 1));
        }
        int end = 0;
        while (end < e.length() && (Character.isLetterOrDigit(e.charAt(end)) || e.charAt(end) == '_')) {
            end++;
        }
        if (e.startsWith("['")) {
            int close = e.indexOf("']");
            return path(row.get(e.substring(2, close)), e.substring(close + 2));
        }
        return path(row.get(e.substring(0, end)), e.substring(end));
    }

    private static int closing(String e, int open) {
        int depth = 0;
        for (int i = open; i < e.length(); i++) {
            if (e.charAt(i) == '(') {
                depth++;
            } else if (e.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Follows {@code .name}, {@code [n]} and {@code ['name']} steps into a dynamic value. */
    private static Object path(Object value, String steps) {
        int i = 0;
        while (i < steps.length()) {
            if (!(value instanceof JsonNode node)) {
                return null;
            }
            if (steps.charAt(i) == '.') {
                int end = i + 1;
                while (end < steps.length() && (Character.isLetterOrDigit(steps.charAt(end)) || steps.charAt(end) == '_')) {
                    end++;
                }
                value = present(node.get(steps.substring(i + 1, end)));
                i = end;
            } else if (steps.startsWith("['", i)) {
                int close = steps.indexOf("']", i);
                value = present(node.get(steps.substring(i + 2, close)));
                i = close + 2;
            } else if (steps.charAt(i) == '[') {
                int close = steps.indexOf(']', i);
                value = present(node.get(Integer.parseInt(steps.substring(i + 1, close))));
                i = close + 1;
            } else {
                throw new IllegalArgumentException("path step not supported: " + steps.substring(i));
            }
        }
        return value;
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /** An integer exactly, as KQL's long arithmetic keeps it: no detour through double. */
    private static long whole(Object value) {
        if (value instanceof JsonNode node) {
            if (!node.isIntegralNumber()) {
                throw new IllegalArgumentException("not a whole number: " + node);
            }
            return node.longValue();
        }
        return (Long) value;
    }

    private static double number(Object value) {
        return value instanceof JsonNode node ? node.doubleValue() : ((Number) value).doubleValue();
    }

    private static final java.util.Set<String> MULTI = java.util.Set.of("make_datetime", "datetime_add", "round", "tolong", "iif");

    /** The functions of several arguments, and the numeric ones. */
    private static Object multi(String function, List<Object> arguments) {
        return switch (function) {
            case "make_datetime" -> Instant.parse(String.format("%04d-%02d-%02dT00:00:00Z", arguments.toArray()));
            case "datetime_add" -> arguments.get(2) == null || arguments.get(1) == null ? null
                    : ((Instant) arguments.get(2)).plus(whole(arguments.get(1)), switch ((String) arguments.getFirst()) {
                        case "second" -> java.time.temporal.ChronoUnit.SECONDS;
                        case "microsecond" -> java.time.temporal.ChronoUnit.MICROS;
                        default -> throw new IllegalArgumentException("datetime_add part not supported: " + arguments.getFirst());
                    });
            case "round" -> arguments.getFirst() == null ? null : (double) Math.round(number(arguments.getFirst()));
            case "tolong" -> arguments.getFirst() == null ? null : (long) number(arguments.getFirst());
            case "iif" -> Boolean.TRUE.equals(arguments.getFirst()) ? arguments.get(1) : arguments.get(2);
            default -> null;
        };
    }

    private static Object apply(String function, Object value) {
        return switch (function) {
            case "now" -> NOW;
            case "isnull" -> value == null;
            case "tostring" -> switch (value) {
                case null -> null;
                case JsonNode node -> node.isValueNode() ? node.asText() : node.toString();
                default -> value.toString();
            };
            case "tobool" -> switch (value) {
                case JsonNode node when node.isBoolean() -> node.booleanValue();
                case JsonNode node when node.isTextual() && node.asText().matches("(?i)true|false") -> Boolean.parseBoolean(node.asText());
                case Boolean b -> b;
                case null, default -> null;
            };
            case "todatetime" -> switch (value) {
                case Instant t -> t;
                case JsonNode node when node.isTextual() -> instant(node.asText());
                case String text -> instant(text);
                case null, default -> null;
            };
            case "toguid" -> value instanceof String text && Row.isGuid(text) ? text : null;
            case "todynamic", "parse_json" -> switch (value) {
                case String text -> parse(text);
                case null, default -> value;
            };
            default -> throw new IllegalArgumentException("function not supported: " + function);
        };
    }

    private static Instant instant(String text) {
        try {
            return Timestamps.parseIso(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits at {@code separator} outside quotes, parentheses and brackets. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
