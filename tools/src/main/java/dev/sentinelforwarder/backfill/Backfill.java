package dev.sentinelforwarder.backfill;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.FilterRules;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.ObjectConverter;
import dev.sentinelforwarder.pipeline.ObjectReport;
import dev.sentinelforwarder.sink.RequestPacker;
import dev.sentinelforwarder.source.ObjectAccessException;
import dev.sentinelforwarder.source.ObjectRef;
import dev.sentinelforwarder.source.OpenedObject;
import dev.sentinelforwarder.source.S3ObjectSource;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends the forwarder's queue one notification per existing object, as S3 would have for a new one, so Lambda
 * and SQS forward the history at whatever concurrency the stack allows: nothing here reads or sends logs. For a
 * replay, one message per quarantine object instead, which the forwarder answers by sending its entries again.
 * Objects are listed in key order, latest versions only, so a run stopped after key K goes on with
 * {@code startAfter = K}; with the forwarder's ledger, an object already forwarded is passed over.
 */
public final class Backfill {
    /** Messages per SendMessageBatch call, SQS's maximum. */
    static final int BATCH = 10;
    /** Attempts for entries SQS did not take, with doubling waits from one second. */
    static final int SEND_ATTEMPTS = 5;
    /** Never read as logs: the forwarder's own quarantine objects (its QUARANTINE_PREFIX default). */
    static final String QUARANTINE_PREFIX = dev.sentinelforwarder.config.Setting.QUARANTINE_PREFIX.defaultValue();
    /** Objects sampled through the real pipeline for the dry run's estimates. */
    static final int SAMPLES = 3;
    /** A sampled object's largest size: sampling is for estimates, not a download of the history. */
    static final long MAX_SAMPLE_BYTES = 64L << 20;
    /** How long reading one sample may take. */
    private static final Duration SAMPLE_TIME = Duration.ofMinutes(5);

    /**
     * @param since objects of this day or later (by key date, else LastModified); null for no bound
     * @param until objects before this instant; null for no bound
     * @param startAfter list keys after this one (resuming a run); null from the start
     * @param quarantinePrefix the forwarder's QUARANTINE_PREFIX: its objects are never forwarded as logs
     * @param replay the forwarder's quarantine objects, each to be replayed, instead of log objects, each to be forwarded
     */
    public record Selection(String bucket, String prefix, Instant since, Instant until, String startAfter, String quarantinePrefix,
            boolean replay) {
        /** Log objects, to be forwarded. */
        public Selection(String bucket, String prefix, Instant since, Instant until, String startAfter) {
            this(bucket, prefix, since, until, startAfter, QUARANTINE_PREFIX, false);
        }
    }

    /** An object to notify, as listed. */
    public record Candidate(String key, String versionId, long size, String eTag, Instant lastModified) {
    }

    /** Objects and compressed bytes. */
    public record Totals(long objects, long bytes) {
        Totals plus(Candidate candidate) {
            return new Totals(objects + 1, bytes + candidate.size());
        }
    }

    /**
     * What sampled objects said about the rest: rows and requests per compressed byte, and requests per object.
     *
     * @param sampled how many objects were read to estimate, and their compressed bytes
     */
    public record Estimate(Totals sampled, double rowsPerByte, double requestBytesPerByte) {
        public static final Estimate NONE = new Estimate(new Totals(0, 0), 0, 0);

        /** Requests for an object of this size: each carries at most 1 MB of JSON, and every object takes at least one. */
        long requests(long size) {
            return Math.max(1, (long) Math.ceil(size * requestBytesPerByte / RequestPacker.MAX_REQUEST_BYTES));
        }
    }

    /** Where a run stopped: after {@code lastKey} (null before any), and why, or null when it finished. */
    public static final class BackfillStoppedException extends Exception {
        private final String lastKey;

        BackfillStoppedException(String message, String lastKey, Throwable cause) {
            super(message, cause);
            this.lastKey = lastKey;
        }

        public String lastKey() {
            return lastKey;
        }
    }

    private final S3Client s3;
    private final S3ObjectSource sampleSource;
    private final SqsClient sqs;
    private final Pacer pacer;

    public Backfill(S3Client s3, SqsClient sqs, Pacer pacer) {
        this.s3 = s3;
        this.sampleSource = new S3ObjectSource(s3);
        this.sqs = sqs;
        this.pacer = pacer;
    }

    /** The objects selected, lazily, page by page: memory stays flat however many there are. */
    public Stream<Candidate> candidates(Selection selection) {
        return s3.listObjectVersionsPaginator(r -> r.bucket(selection.bucket()).prefix(selection.prefix())
                        .keyMarker(selection.startAfter()))
                .versions().stream()
                .filter(ObjectVersion::isLatest)
                .filter(v -> v.key().startsWith(selection.quarantinePrefix()) == selection.replay() && !v.key().endsWith("/"))
                .map(v -> new Candidate(v.key(), "null".equals(v.versionId()) ? null : v.versionId(), v.size(),
                        unquoted(v.eTag()), v.lastModified()))
                .filter(c -> {
                    Instant day = ObjectDates.of(c.key(), c.lastModified());
                    return (selection.since() == null || !day.isBefore(selection.since()))
                            && (selection.until() == null || day.isBefore(selection.until()));
                });
    }

    /** What a run would send, and the requests the forwarder would make of it by {@code estimate}. */
    public record Plan(Totals totals, long requests) {
    }

    public Plan plan(Selection selection, Estimate estimate) {
        Totals[] totals = {new Totals(0, 0)};
        long[] requests = {0};
        candidates(selection).forEach(c -> {
            totals[0] = totals[0].plus(c);
            requests[0] += estimate.requests(c.size());
        });
        return new Plan(totals[0], requests[0]);
    }

    /** Reads the first few selected objects through the forwarder's own pipeline (nothing is sent) to estimate the rest. */
    public Estimate estimate(Selection selection) throws IOException {
        List<Candidate> samples = candidates(selection).filter(c -> c.size() > 0 && c.size() <= MAX_SAMPLE_BYTES).limit(SAMPLES)
                .toList();
        long bytes = 0;
        long rows = 0;
        long requestBytes = 0;
        ObjectConverter converter = new ObjectConverter(false, Limits.DEFAULTS, FilterRules.NONE);
        for (Candidate sample : samples) {
            Map<TableSchema, RequestPacker> packers = new HashMap<>();
            long[] json = {0};
            ObjectReport report;
            ObjectRef object = new ObjectRef(selection.bucket(), sample.key(), null, sample.size(), null);
            OpenedObject opened;
            try {
                opened = sampleSource.open(object);
            } catch (ObjectAccessException e) {
                throw new IOException(e.getMessage(), e);
            }
            try (InputStream in = opened.content()) {
                report = converter.convert(object.uri(), sample.key(), in,
                        sampleSource.ranges(object, opened, Deadline.after(SAMPLE_TIME, Clock.systemUTC()), Duration.ZERO), null,
                        sample.lastModified(), (row, index) -> packers.computeIfAbsent(row.table(),
                                t -> new RequestPacker(t, RowFormat.COMPACT, Compression.at(1), request -> json[0] += request.uncompressedBytes())).pack(row, index),
                        problem -> { });
            }
            for (RequestPacker packer : packers.values()) {
                packer.flush();
            }
            bytes += sample.size();
            rows += report.rows();
            requestBytes += json[0];
        }
        return bytes == 0 ? Estimate.NONE : new Estimate(new Totals(samples.size(), bytes), (double) rows / bytes,
                (double) requestBytes / bytes);
    }

    /**
     * Sends one notification per selected object to {@code queueUrl}, in key order, paced by the pacer.
     *
     * @param progress told the totals sent so far, and the last key sent, after each batch
     * @return what was sent
     * @throws BackfillStoppedException when SQS would not take a message (or the thread was interrupted), with the
     *     last key sent, from which a new run goes on
     */
    public Totals send(Selection selection, String queueUrl, BiConsumer<Totals, String> progress) throws BackfillStoppedException {
        Totals[] sent = {new Totals(0, 0)};
        String[] lastKey = {null};
        List<Candidate> batch = new ArrayList<>(BATCH);
        try {
            for (var it = candidates(selection).iterator(); it.hasNext(); ) {
                Candidate candidate = it.next();
                pacer.acquire(candidate.size());
                batch.add(candidate);
                if (batch.size() == BATCH || !it.hasNext()) {
                    sendBatch(selection, queueUrl, batch, lastKey[0]);
                    for (Candidate c : batch) {
                        sent[0] = sent[0].plus(c);
                    }
                    lastKey[0] = batch.getLast().key();
                    batch.clear();
                    progress.accept(sent[0], lastKey[0]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackfillStoppedException("interrupted", lastKey[0], e);
        } catch (RuntimeException e) {
            throw new BackfillStoppedException("stopped: " + e.getMessage(), lastKey[0], e);
        }
        return sent[0];
    }

    private void sendBatch(Selection selection, String queueUrl, List<Candidate> batch, String lastKey)
            throws BackfillStoppedException, InterruptedException {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Candidate c = batch.get(i);
            String bucket = selection.bucket();
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(selection.replay() ? S3Notifications.replay(bucket, c.key(), c.versionId(), c.size(), c.eTag())
                            : S3Notifications.objectCreated(bucket, c.key(), c.versionId(), c.size(), c.eTag(), c.lastModified()))
                    .build());
        }
        List<BatchResultErrorEntry> failed = List.of();
        for (int attempt = 1; attempt <= SEND_ATTEMPTS && !entries.isEmpty(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(Duration.ofSeconds(1L << (attempt - 2)));
            }
            List<SendMessageBatchRequestEntry> pending = entries;
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(pending));
            failed = response.failed();
            List<String> failedIds = failed.stream().map(BatchResultErrorEntry::id).toList();
            entries = entries.stream().filter(e -> failedIds.contains(e.id())).toList();
        }
        if (!entries.isEmpty()) {
            // The batch's earlier entries may be in the queue already; resuming before them sends them again,
            // which the ledger passes over.
            BatchResultErrorEntry first = failed.getFirst();
            throw new BackfillStoppedException("SQS refused the notification for " + batch.get(Integer.parseInt(first.id())).key()
                    + " " + SEND_ATTEMPTS + " times: " + first.code() + " " + first.message(), lastKey, null);
        }
    }

    private static String unquoted(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
