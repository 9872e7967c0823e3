package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sentinelforwarder.source.UnreadableInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selected fields of one JSON record, read token by token: scalars as their text, objects and arrays
 * as compact JSON text. Fields nobody selected are skipped without being built, and the top-level ones are
 * listed so mappers can count what they leave out.
 *
 * <p>Readers of JSON logs hand these to mappers instead of a Jackson tree: building a tree per record and
 * writing its nested objects back out as text was most of the CPU time of a CloudTrail object.
 *
 * <p>Memory per record is bounded whatever the input: a nested value is cut while it is copied (past
 * {@link Selection#maxValueChars()} its text is dropped, not kept), scalars are bounded by the parser's
 * string limit, and at most {@link #MAX_OTHER_FIELDS} unselected field names are kept.
 */
public final class JsonFields {
    /** Unselected top-level names kept per record; a hostile record can have millions of distinct ones. */
    public static final int MAX_OTHER_FIELDS = 32;
    /** Longest unselected name kept, in characters. */
    static final int MAX_NAME_CHARS = 100;

    private final Selection selection;
    private final String[] values;
    private final JsonToken[] tokens;
    private final List<String> otherFields = new ArrayList<>(2);
    private boolean moreOtherFields;
    private String source;

    private JsonFields(Selection selection) {
        this.selection = selection;
        this.values = new String[selection.size];
        this.tokens = new JsonToken[selection.size];
    }

    /** The text of a selected field; null when absent or JSON null. */
    public String text(Field field) {
        return values[field.index];
    }

    /** The token the field's value started with (VALUE_STRING, VALUE_TRUE, START_OBJECT...); null when absent or JSON null. */
    public JsonToken token(Field field) {
        return tokens[field.index];
    }

    /** Top-level fields that were not selected, in order: at most {@link #MAX_OTHER_FIELDS}, each cut to 100 characters. */
    public List<String> otherFields() {
        return otherFields;
    }

    /** True when the record had more unselected fields than {@link #otherFields()} lists. */
    public boolean moreOtherFields() {
        return moreOtherFields;
    }

    /** The record's whole JSON text when the reader had it at hand (one JSON line), else null. */
    public String source() {
        return source;
    }

    /** Sets the record's text, once the reader knows where it ends (records back to back on one line). */
    void source(String text) {
        source = text;
    }

    /** Reads the selected fields of one JSON object given as text. */
    public static JsonFields parse(String json, Selection selection) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + json);
            }
            return new Reading(selection).object(parser, json);
        }
    }

    /** A selected field; get it from {@link Selection.Builder#field}. */
    public record Field(String path, int index) {
    }

    /** Which fields to keep. Built once per record type, shared by all readers. */
    public static final class Selection {
        private final Node root;
        private final int size;
        private final int maxValueChars;

        private Selection(Node root, int size, int maxValueChars) {
            this.root = root;
            this.size = size;
            this.maxValueChars = maxValueChars;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** How many fields are selected. */
        int size() {
            return size;
        }

        /** Most characters of a nested value's JSON text kept; the rest is read past, not stored. */
        public int maxValueChars() {
            return maxValueChars;
        }

        public static final class Builder {
            private final Node root = new Node();
            private int size;
            private int maxValueChars = Integer.MAX_VALUE;

            /**
             * Keeps at most this many characters of each nested value's JSON text: a mapper that cuts values
             * at a limit asks for one character more, so it still sees that the value was longer.
             */
            public Builder maxValueChars(int chars) {
                maxValueChars = chars;
                return this;
            }

            /** Selects a field by its dotted path from the record's top, e.g. {@code userIdentity.sessionContext.attributes.mfaAuthenticated}. */
            public Field field(String path) {
                Node node = root;
                for (String name : path.split("\\.")) {
                    if (node.index >= 0) {
                        throw new IllegalArgumentException(path + " lies inside another selected field");
                    }
                    node = node.children.computeIfAbsent(name, n -> new Node());
                }
                if (!node.children.isEmpty() || node.index >= 0) {
                    throw new IllegalArgumentException(path + " is selected twice or holds another selected field");
                }
                node.index = size++;
                return new Field(path, node.index);
            }

            public Selection build() {
                return new Selection(root, size, maxValueChars);
            }
        }
    }

    /** Reads records of one selection from one parser; holds the buffer nested values are written to. */
    static final class Reading {
        private final Selection selection;
        private final BoundedText nested;
        private JsonGenerator nestedJson;
        /** The text the current record's parser reads, while {@link #object(JsonParser, String)} reads it; else null. */
        private String parsedText;

        Reading(Selection selection) throws IOException {
            this.selection = selection;
            this.nested = new BoundedText(selection.maxValueChars);
            this.nestedJson = newGenerator();
        }

        private JsonGenerator newGenerator() throws IOException {
            JsonGenerator generator = Json.mapper().getFactory().createGenerator(nested);
            generator.setRootValueSeparator(null);
            return generator;
        }

        /** An empty record, to fill field by field with {@link #topLevelField}. */
        JsonFields newRecord() {
            return new JsonFields(selection);
        }

        /** Reads the object the parser stands at the start of, through its END_OBJECT. */
        JsonFields object(JsonParser parser) throws IOException {
            return object(parser, null);
        }

        /**
         * As {@link #object(JsonParser)}, for a parser that reads {@code text} from its first character: kept as the
         * record's source (for reports; a reader of several records per text narrows it), and nested values that are
         * already compact are cut from it rather than written again.
         */
        JsonFields object(JsonParser parser, String text) throws IOException {
            JsonFields record = newRecord();
            record.source = text;
            parsedText = text;
            try {
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    topLevelField(record, name, parser);
                }
                if (token != JsonToken.END_OBJECT) {
                    throw new UnreadableInputException("JSON ends inside a record");
                }
                return record;
            } finally {
                parsedText = null;
            }
        }

        /** Reads one top-level field whose name has been read; the parser stands at its value. */
        void topLevelField(JsonFields record, String name, JsonParser parser) throws IOException {
            Node node = selection.root.children.get(name);
            if (node == null) {
                if (record.otherFields.size() < MAX_OTHER_FIELDS) {
                    record.otherFields.add(name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS));
                } else {
                    record.moreOtherFields = true;
                }
                parser.skipChildren();
            } else {
                field(record, node, parser);
            }
        }

        private void field(JsonFields record, Node node, JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (node.index >= 0) {
                record.tokens[node.index] = token == JsonToken.VALUE_NULL ? null : token;
                record.values[node.index] = value(token, parser);
            } else if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    Node child = node.children.get(parser.currentName());
                    parser.nextToken();
                    if (child == null) {
                        parser.skipChildren();
                    } else {
                        field(record, child, parser);
                    }
                }
            } else {
                parser.skipChildren(); // not an object, so none of the selected fields below it exist
            }
        }

        private String value(JsonToken token, JsonParser parser) throws IOException {
            return switch (token) {
                case VALUE_NULL -> null;
                case START_OBJECT, START_ARRAY -> nestedText(parser);
                default -> parser.getText();
            };
        }

        private String nestedText(JsonParser parser) throws IOException {
            if (parsedText != null) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                int end = compactEnd(parsedText, start);
                if (end > 0) {
                    parser.skipChildren(); // still every token checked, against the same limits, but none written again
                    if (parser.currentLocation().getCharOffset() != end) {
                        throw new UnreadableInputException("a nested value's end is not where its brackets close");
                    }
                    return parsedText.substring(start, (int) Math.min(end, (long) start + selection.maxValueChars));
                }
            }
            nested.clear();
            try {
                Json.copyExactly(parser, nestedJson);
                nestedJson.flush();
            } catch (IOException | RuntimeException e) {
                // The generator is left inside the value it was copying: a new one, so the next record's
                // values are not written into this one's unfinished structure.
                nestedJson = newGenerator();
                throw e;
            }
            return nested.text();
        }
    }

    /**
     * Where the object or array starting at {@code start} ends (the index after its closing bracket) when its text is
     * already what {@link Json#copyExactly} writes for it, else -1. That holds when it has no whitespace between tokens
     * and escapes only as Jackson's generator writes them: the generator writes no whitespace, copies numbers and
     * literals as written, and escapes only quotes, backslashes and control characters ({@code \n \r \t \b \f} short,
     * the others backslash-u-00XX with capitals). Any other escape ({@code \/}, backslash-u-0041) would be written
     * differently, so the value is written again. Written by hand because Jackson's parsers do not hand out the text
     * a value spans; the parser still reads every token of it.
     */
    static int compactEnd(String text, int start) {
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = stringEnd(text, i + 1);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * The index of the quote that closes the string whose text starts at {@code from}, or -1 when it holds an escape
     * Jackson would write otherwise (or does not close). Searches with indexOf, which the JDK vectorises: the strings
     * are most of a nested value's text.
     */
    private static int stringEnd(String text, int from) {
        int at = from;
        while (true) {
            int quote = text.indexOf('"', at);
            if (quote < 0) {
                return -1;
            }
            int backslash = text.indexOf('\\', at, quote);
            if (backslash < 0) {
                return quote;
            }
            int escaped = escapeLength(text, backslash);
            if (escaped < 0) {
                return -1;
            }
            at = backslash + escaped;
        }
    }

    /** The length of the escape at {@code at} when it is the one Jackson's generator writes for its character, else -1. */
    private static int escapeLength(String text, int at) {
        if (at + 1 >= text.length()) {
            return -1;
        }
        char kind = text.charAt(at + 1);
        if ("\"\\nrtbf".indexOf(kind) >= 0) {
            return 2;
        }
        if (kind != 'u' || at + 5 >= text.length() || text.charAt(at + 2) != '0' || text.charAt(at + 3) != '0') {
            return -1;
        }
        char high = text.charAt(at + 4);
        char low = text.charAt(at + 5);
        boolean control = (high == '0' || high == '1') && (Character.isDigit(low) || low >= 'A' && low <= 'F');
        int value = (high - '0') * 16 + Character.digit(low, 16);
        return control && "\b\t\n\f\r".indexOf(value) < 0 ? 6 : -1;
    }

    /** A writer that keeps the first {@code max} characters written to it and drops the rest. */
    private static final class BoundedText extends java.io.Writer {
        private final StringBuilder kept = new StringBuilder(1024);
        private final int max;

        BoundedText(int max) {
            this.max = max;
        }

        void clear() {
            kept.setLength(0);
            if (kept.capacity() > 256 * 1024) {
                kept.trimToSize(); // one huge value does not keep its buffer for every later record
            }
        }

        String text() {
            return kept.toString();
        }

        @Override
        public void write(char[] chars, int off, int len) {
            int room = max - kept.length();
            if (room > 0) {
                kept.append(chars, off, Math.min(room, len));
            }
        }

        @Override
        public void write(String text, int off, int len) {
            int room = max - kept.length();
            if (room > 0) {
                kept.append(text, off, off + Math.min(room, len));
            }
        }

        @Override
        public void write(int c) {
            if (kept.length() < max) {
                kept.append((char) c);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        int index = -1;
    }
}
