package dev.sentinelforwarder.options;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One option of the stack ({@code -c name=value} of the CDK app and of {@code deploy}): what it takes and what it means.
 *
 * @param kind what its value must be
 * @param defaultValue what the stack does when it is not given, as the README says it ("" for nothing)
 * @param values a choice's values; a text's or a list element's pattern, as one entry (empty: any)
 * @param min a number's least value
 * @param max a number's greatest value
 * @param samParameter the SAM template's parameter that means the same, with the same values and default; null: none
 * @param setBy {@link SetBy#USER}, or {@link SetBy#DEPLOY} for what deploy finds itself (never remembered)
 */
public record StackOption(String name, Kind kind, String defaultValue, List<String> values, long min, long max, String meaning,
        String samParameter, SetBy setBy) {

    /** What a value must be. */
    public enum Kind {
        BOOLEAN, INTEGER, CHOICE, TEXT, LIST, JSON_LIST
    }

    /** Who gives the value. */
    public enum SetBy {
        USER, DEPLOY
    }

    public StackOption {
        values = List.copyOf(values);
    }

    /** What is wrong with {@code value} for this option, in a sentence that names the option and what it takes. */
    public Optional<String> problem(String value) {
        boolean ok = switch (kind) {
            case BOOLEAN -> value.equals("true") || value.equals("false");
            case INTEGER -> value.matches("-?\\d{1,18}") && Long.parseLong(value) >= min && Long.parseLong(value) <= max;
            case CHOICE -> values.contains(value);
            case TEXT -> values.isEmpty() || Pattern.matches(values.getFirst(), value);
            case LIST -> values.isEmpty() || elements(value).stream().allMatch(e -> Pattern.matches(values.getFirst(), e));
            case JSON_LIST -> value.strip().startsWith("[") && value.strip().endsWith("]");
        };
        return ok ? Optional.empty() : Optional.of(name + " must be " + takes() + ", not '" + value + "'");
    }

    /** What a value must be, as the problem sentence and the README's table say it. */
    public String takes() {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case INTEGER -> "a whole number from " + min + " to " + max;
            case CHOICE -> String.join(" or ", values);
            case TEXT -> values.isEmpty() ? "text" : description(values.getFirst());
            case LIST -> "a comma-separated list" + (values.isEmpty() ? "" : " of " + description(values.getFirst()));
            case JSON_LIST -> "a JSON list, as text";
        };
    }

    /** A comma-separated list's entries, blanks left out. */
    public static List<String> elements(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String description(String pattern) {
        return StackOptions.PATTERN_NAMES.getOrDefault(pattern, "text matching " + pattern);
    }
}
