package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads Security Hub findings as Firehose writes the EventBridge events to S3: one event per line, each
 * holding any number of ASFF findings in {@code detail.findings}. Every finding is a record of its own (one
 * row each), numbered across the object. A bare finding (an export without the envelope) is a record too.
 * Memory: the findings of one line, which the line length bounds.
 */
public final class SecurityHubReader implements RecordReader<SecurityHubFinding> {
    private static final JsonFields.Selection.Builder EVENT = JsonFields.Selection.builder();
    private static final JsonFields.Field TIME = EVENT.field("time");
    private static final JsonFields.Field DETAIL_TYPE = EVENT.field("detail-type");
    private static final JsonFields.Field FINDINGS = EVENT.field("detail.findings");
    private static final JsonFields.Field SCHEMA_VERSION = EVENT.field("SchemaVersion");
    /** Nested values whole: the line length bounds them. */
    private static final JsonFields.Selection EVENT_FIELDS = EVENT.build();

    private final JsonLinesReader events;
    private final ObjectMapper json;
    private final JsonFields.Reading finding;
    private final Deque<SecurityHubFinding> pending = new ArrayDeque<>();
    private long index;
    private long pendingLine;

    /** @param fields the fields of each finding the mapper reads */
    public SecurityHubReader(InputStream in, int maxLineLength, JsonFields.Selection fields, ObjectMapper json) throws IOException {
        this.events = new JsonLinesReader(in, maxLineLength, EVENT_FIELDS, json);
        this.json = json;
        this.finding = new JsonFields.Reading(fields);
    }

    @Override
    public Read<SecurityHubFinding> next() throws IOException {
        while (pending.isEmpty()) {
            Read<JsonFields> event = events.next();
            switch (event) {
                case null -> {
                    return null;
                }
                case Read.Unreadable<JsonFields> bad -> {
                    return new Read.Unreadable<>(index++, bad.line(), bad.reason());
                }
                case Read.Record<JsonFields> record -> {
                    String problem = findings(record.value(), record.line());
                    if (problem != null) {
                        return new Read.Unreadable<>(index++, record.line(), problem);
                    }
                }
            }
        }
        return new Read.Record<>(index++, pendingLine, pending.poll());
    }

    /** Queues the findings of one event; the reason when it holds none. */
    private String findings(JsonFields event, long line) throws IOException {
        pendingLine = line;
        String list = event.text(FINDINGS);
        if (list == null) {
            if (event.text(SCHEMA_VERSION) != null) { // a bare ASFF finding, perhaps pretty-printed: made compact
                try (JsonParser parser = json.createParser(event.source())) {
                    parser.nextToken();
                    add(null, copy(parser));
                }
                return null;
            }
            return "not a Security Hub event: no detail.findings (detail-type " + event.text(DETAIL_TYPE) + ")";
        }
        if (event.token(FINDINGS) != JsonToken.START_ARRAY) {
            return "detail.findings is not a list";
        }
        try (JsonParser parser = json.createParser(list)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                add(event.text(TIME), copy(parser));
            }
        }
        return pending.isEmpty() ? "an event with no findings" : null;
    }

    private void add(String eventTime, String findingJson) throws IOException {
        try (JsonParser parser = json.createParser(findingJson)) {
            parser.nextToken();
            pending.add(new SecurityHubFinding(eventTime, finding.object(parser, findingJson), findingJson));
        }
    }

    private String copy(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = json.getFactory().createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        events.close();
    }
}
