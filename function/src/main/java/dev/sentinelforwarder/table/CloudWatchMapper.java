package dev.sentinelforwarder.table;

import dev.sentinelforwarder.format.CloudWatchEvent;
import java.time.Instant;

/**
 * CloudWatch Logs event -> AWSCloudWatch row. {@code ExtractedTime} is the event's timestamp when the
 * line carried one and {@code TimeGenerated} the same instant (the object's time for message-only lines).
 */
public final class CloudWatchMapper extends TableMapper<CloudWatchEvent> {
    public CloudWatchMapper(Instant objectTime) {
        super(objectTime);
    }

    @Override
    public Mapping map(CloudWatchEvent event) {
        Row row = new Row(Tables.AWS_CLOUD_WATCH);
        row.dateTime("TimeGenerated", eventTimeOrObjectTime(event.timestamp()));
        row.dateTime("ExtractedTime", event.timestamp());
        row.string("Message", event.message());
        if (event.logGroup() != null) {
            unmapped("logGroup");
        }
        if (event.logStream() != null) {
            unmapped("logStream");
        }
        return new Mapping.Mapped(row);
    }
}
