package dev.sentinelforwarder.table;

import dev.sentinelforwarder.format.CloudWatchEvent;
import dev.sentinelforwarder.format.CloudWatchExportKey;
import java.time.Instant;

/**
 * CloudWatch Logs event -> AWSCloudWatch row. {@code ExtractedTime} is the event's timestamp when the
 * line carried one and {@code TimeGenerated} the same instant (the object's time for message-only lines).
 * With custom columns on, the log group, stream and account (from the NDJSON line, else from the
 * companion's key layout) fill {@code LogGroup_CF}, {@code LogStream_CF} and {@code AwsAccountId_CF};
 * with them off, a log group or stream carried by the line is counted as a field with no column.
 */
public final class CloudWatchMapper extends TableMapper<CloudWatchEvent> {
    private final CloudWatchExportKey origin;
    private final boolean customColumns;

    public CloudWatchMapper(Instant objectTime) {
        this(objectTime, null, false);
    }

    /** @param origin what the object's key says about where the events came from, or null */
    public CloudWatchMapper(Instant objectTime, CloudWatchExportKey origin, boolean customColumns) {
        super(objectTime);
        this.origin = origin;
        this.customColumns = customColumns;
    }

    @Override
    public Mapping map(CloudWatchEvent event) {
        Row row = new Row(Tables.AWS_CLOUD_WATCH);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(event.timestamp()));
        row.dateTime("ExtractedTime", event.timestamp());
        row.string("Message", event.message());
        if (customColumns) {
            row.string("LogGroup_CF", event.logGroup() != null ? event.logGroup() : origin == null ? null : origin.logGroup());
            row.string("LogStream_CF", event.logStream() != null ? event.logStream() : origin == null ? null : origin.logStream());
            row.string("AwsAccountId_CF", origin == null ? null : origin.account());
        } else {
            if (event.logGroup() != null) {
                unmapped("logGroup");
            }
            if (event.logStream() != null) {
                unmapped("logStream");
            }
        }
        return new Mapping.Mapped(row);
    }
}
