package dev.sentinelforwarder.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sentinelforwarder.source.UnreadableInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams CloudTrail records out of any of the shapes they are stored in: the delivered
 * {@code {"Records":[...]}} document (also several concatenated), a bare JSON array of records, or
 * JSON lines with one record per line. Only one record is held in memory at a time.
 *
 * <p>A top-level object without {@code Records} but with {@code digestStartTime} or {@code logFiles} is
 * a CloudTrail-Digest document: it holds no events and is counted, not read as a record.
 */
public final class CloudTrailReader implements RecordReader<JsonFields> {
    private final JsonParser parser;
    private final JsonFields.Reading reading;
    private long index;
    private boolean inArray;
    private boolean arrayInsideObject;
    private int digests;

    /** @param fields the fields of each record the mapper reads */
    /** @param json the mapper whose limits bound nesting and string length */
    public CloudTrailReader(InputStream in, JsonFields.Selection fields, ObjectMapper json) throws IOException {
        this.parser = json.createParser(in);
        this.reading = new JsonFields.Reading(fields);
    }

    @Override
    public Read<JsonFields> next() throws IOException {
        try {
            while (true) {
                if (inArray) {
                    Read<JsonFields> element = nextArrayElement();
                    if (element != null) {
                        return element;
                    }
                    continue;
                }
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return null;
                }
                long line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.START_ARRAY) {
                    inArray = true;
                } else if (token == JsonToken.START_OBJECT) {
                    Read<JsonFields> record = topLevelObject(line);
                    if (record != null) {
                        return record;
                    }
                } else {
                    throw new UnreadableInputException("line " + line + ": top-level JSON value is " + token
                            + ", expected a {\"Records\":[...]} object, an array or one record per line");
                }
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableInputException("invalid JSON at " + Json.describe(e), e);
        }
    }

    /** The next element of the array being read, or null when the array ended. */
    private Read<JsonFields> nextArrayElement() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            inArray = false;
            if (arrayInsideObject) {
                arrayInsideObject = false;
                skipRestOfObject();
            }
            return null;
        }
        if (token == null) {
            throw new UnreadableInputException("JSON ends inside an array after " + index + " records");
        }
        long line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
            JsonFields record = reading.object(parser);
            return new Read.Record<>(index++, line, record);
        }
        parser.skipChildren();
        return new Read.Unreadable<>(index++, line, "record is " + token + ", not a JSON object");
    }

    /**
     * Reads a top-level object's fields until it turns out to be a Records document (then streams its
     * array), a digest (counted, null returned), or a record on its own.
     */
    private Read<JsonFields> topLevelObject(long line) throws IOException {
        JsonFields fields = reading.newRecord();
        boolean nullRecords = false;
        boolean digest = false;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("Records".equals(name)) {
                if (value == JsonToken.START_ARRAY) {
                    inArray = true;
                    arrayInsideObject = true;
                    return null;
                }
                if (value != JsonToken.VALUE_NULL) {
                    throw new UnreadableInputException("line " + line + ": \"Records\" is " + value
                            + ", expected an array of records");
                }
                nullRecords = true;
                continue;
            }
            digest |= "digestStartTime".equals(name) || "logFiles".equals(name);
            reading.topLevelField(fields, name, parser);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new UnreadableInputException("JSON ends inside the object starting at line " + line);
        }
        if (nullRecords) {
            return null; // "Records": null carries no events
        }
        if (digest) {
            digests++;
            return null;
        }
        return new Read.Record<>(index++, line, fields);
    }

    private void skipRestOfObject() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
        if (token != JsonToken.END_OBJECT) {
            throw new UnreadableInputException("JSON ends inside the Records document after " + index + " records");
        }
    }

    @Override
    public int digestsSkipped() {
        return digests;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
