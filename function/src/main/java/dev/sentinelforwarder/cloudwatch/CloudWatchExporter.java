package dev.sentinelforwarder.cloudwatch;

import dev.sentinelforwarder.format.CloudWatchExportKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One subscription delivery -> one gzip headerless CSV object and the key it goes to. Control messages
 * (CloudWatch Logs' health probes) and deliveries without events produce nothing.
 */
public final class CloudWatchExporter {
    private CloudWatchExporter() {
    }

    /** The object for one delivery. */
    public record Export(String key, byte[] gzipCsv, SubscriptionDecoder.Envelope envelope) {
    }

    /**
     * @param prefix key prefix before {@code AWSLogs/}
     * @param region the region of the log group (the function's own: subscriptions do not cross regions)
     * @param requestId the invocation's id: a retried invocation keeps it and so overwrites its object
     */
    public static Optional<Export> export(String data, String prefix, String region, String requestId) throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream(64 * 1024);
        Instant[] first = new Instant[1];
        SubscriptionDecoder.Envelope envelope;
        try (Writer csv = new OutputStreamWriter(new GZIPOutputStream(gzipped, 64 * 1024), StandardCharsets.UTF_8)) {
            envelope = SubscriptionDecoder.decode(data, (timestamp, message) -> {
                if (first[0] == null) {
                    first[0] = timestamp;
                }
                CsvLines.write(csv, timestamp, message);
            });
        }
        if (envelope.isControlMessage() || envelope.events() == 0) {
            return Optional.empty();
        }
        if (envelope.owner() == null || envelope.logGroup() == null || envelope.logStream() == null) {
            throw new InvalidSubscriptionDataException("awslogs.data lacks owner, logGroup or logStream");
        }
        String key = new CloudWatchExportKey(envelope.owner(), region, envelope.logGroup(), envelope.logStream())
                .key(prefix, first[0], requestId);
        return Optional.of(new Export(key, gzipped.toByteArray(), envelope));
    }
}
