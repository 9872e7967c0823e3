package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;

/**
 * Reads Security Hub findings as Firehose writes the EventBridge events to S3: one event per line, each
 * holding any number of ASFF findings in {@code detail.findings}. Every finding is a record of its own (one
 * row each), numbered across the object. A bare finding (an export without the envelope) is a record too.
 * Memory: one line and one finding of it.
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
    private long index;
    /** The findings list of the event being read, with its time and line; null between events. */
    private JsonParser findings;
    private String eventTime;
    private long eventLine;
    private boolean anyFinding;

    /** @param fields the fields of each finding the mapper reads */
    public SecurityHubReader(InputStream in, int maxLineLength, JsonFields.Selection fields, ObjectMapper json) throws IOException {
        this.events = new JsonLinesReader(in, maxLineLength, EVENT_FIELDS, json);
        this.json = json;
        this.finding = new JsonFields.Reading(fields);
    }

    @Override
    public Read<SecurityHubFinding> next() throws IOException {
        while (true) {
            if (findings != null) {
                JsonToken token = findings.nextToken();
                if (token == JsonToken.START_OBJECT) {
                    anyFinding = true;
                    return new Read.Record<>(index++, eventLine, finding(eventTime, copy(findings)));
                }
                if (token != null && token != JsonToken.END_ARRAY) {
                    findings.skipChildren(); // not a finding object: nothing to read in it
                    continue;
                }
                findings.close();
                findings = null;
                if (!anyFinding) {
                    return new Read.Unreadable<>(index++, eventLine, "an event with no findings");
                }
            }
            Read<JsonFields> read = events.next();
            switch (read) {
                case null -> {
                    return null;
                }
                case Read.Unreadable<JsonFields> bad -> {
                    return new Read.Unreadable<>(index++, bad.line(), bad.reason());
                }
                case Read.Record<JsonFields> record -> {
                    JsonFields event = record.value();
                    if (event.text(FINDINGS) != null && event.token(FINDINGS) == JsonToken.START_ARRAY) {
                        // One finding at a time from the event's list: memory is the line and one finding.
                        findings = json.createParser(event.text(FINDINGS));
                        findings.nextToken();
                        eventTime = event.text(TIME);
                        eventLine = record.line();
                        anyFinding = false;
                    } else if (event.text(FINDINGS) != null) {
                        return new Read.Unreadable<>(index++, record.line(), "detail.findings is not a list");
                    } else if (event.text(SCHEMA_VERSION) != null) { // a bare ASFF finding, perhaps pretty-printed: made compact
                        try (JsonParser parser = json.createParser(event.source())) {
                            parser.nextToken();
                            return new Read.Record<>(index++, record.line(), finding(null, copy(parser)));
                        }
                    } else {
                        return new Read.Unreadable<>(index++, record.line(), "not a Security Hub event: no detail.findings (detail-type "
                                + event.text(DETAIL_TYPE) + ")");
                    }
                }
            }
        }
    }

    private SecurityHubFinding finding(String time, String findingJson) throws IOException {
        try (JsonParser parser = json.createParser(findingJson)) {
            parser.nextToken();
            return new SecurityHubFinding(time, finding.object(parser, findingJson), findingJson);
        }
    }

    private String copy(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = json.getFactory().createGenerator(text)) {
            Json.copyExactly(parser, generator);
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        if (findings != null) {
            findings.close();
        }
        events.close();
    }
}
