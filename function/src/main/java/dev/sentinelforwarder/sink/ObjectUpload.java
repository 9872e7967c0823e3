package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.pipeline.RowSink;
import dev.sentinelforwarder.quarantine.ObjectQuarantine;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.TableSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The records of one object on their way out: rows packed per table and sent as each request fills,
 * records that did not become rows put in quarantine, and at the end an account of which records are
 * settled, so a later attempt sends nothing twice.
 *
 * <p>Records are handled in units: the records up to where a request body fills. A unit's quarantine
 * part is written before its requests are sent, so a unit either gets both out or leaves one hole, its
 * record range, to be read again. After the first failure (a request given up on, a quarantine part not
 * written) nothing more is sent: {@link #failed()} tells the reader to stop.
 *
 * <p>A request that was not delivered leaves its whole record span as a hole: the span may hold records
 * that were quarantined (the retry quarantines them again, under the same key when it starts at the same
 * record) and, in an object that feeds several tables, another table's accepted rows (sent again). Only a
 * Network Firewall object holding records of another kind than its folder's feeds several tables, which AWS
 * does not write.
 */
public final class ObjectUpload implements RowSink {
    /** Where every row of the object goes, decided once for the object. */
    private final Uploader uploader;
    private final RowFormat format;
    private final Function<TableSchema, String> streams;
    private final Deadline deadline;
    private final Duration wrapUp;
    private final ObjectQuarantine quarantine;
    private final Map<TableSchema, RequestPacker> packers = new LinkedHashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<long[]> holes = new ArrayList<>();
    private volatile Delivery.Failure failure;
    private Delivery.Failure ownFailure;
    private long unitStart = -1;
    private long next;

    /** A request on its way, and the records it holds. */
    private record Sent(long start, long end, CompletableFuture<Delivery> delivery) {
    }

    /**
     * @param uploader the destination and rule the object's rows go to
     * @param wrapUp time kept free at the end of the invocation: requests still unanswered then are given up on
     */
    public ObjectUpload(Uploader uploader, RowFormat format, Function<TableSchema, String> streams, Deadline deadline,
            Duration wrapUp, ObjectQuarantine quarantine) {
        this.uploader = uploader;
        this.format = format;
        this.streams = streams;
        this.deadline = deadline;
        this.wrapUp = wrapUp;
        this.quarantine = quarantine;
    }

    @Override
    public void accept(Row row, long recordIndex) throws IOException {
        open(recordIndex);
        RequestPacker packer = packers.computeIfAbsent(row.table(), this::packer);
        try {
            if (!packer.add(row, recordIndex)) {
                closeUnit(recordIndex);
                open(recordIndex);
                packer.add(row, recordIndex); // an empty body takes any row add() accepts
            }
        } catch (RowTooLargeException e) {
            problem(new Problem(Problem.Kind.UNREADABLE, recordIndex, 0, e.getMessage(), null));
        }
        next = Math.max(next, recordIndex + 1);
    }

    /** A record that did not become a row: into the unit's quarantine part. */
    public void problem(Problem problem) {
        open(problem.recordIndex());
        quarantine.add(problem);
        next = Math.max(next, problem.kind() == Problem.Kind.OBJECT ? problem.recordIndex() + 1 : problem.endIndex());
        if (quarantine.problemsFull()) {
            closeUnit(next);
        }
    }

    /** True once something could not be delivered: reading on would only add to what must be read again. */
    public boolean failed() {
        return failure != null || ownFailure != null;
    }

    /** One past the last record handed to this upload. */
    public long next() {
        return next;
    }

    private void open(long record) {
        if (unitStart < 0) {
            unitStart = record;
        }
    }

    /** Writes the unit's quarantine part, then hands its bodies over to be sent; on failure, the unit is a hole. */
    private void closeUnit(long end) {
        if (unitStart < 0) {
            return;
        }
        long start = unitStart;
        unitStart = -1;
        if (!failed()) {
            try {
                quarantine.writeProblems();
                for (RequestPacker packer : packers.values()) {
                    packer.handOver();
                }
                return;
            } catch (IOException | RuntimeException e) {
                ownFailure = new Delivery.Failure(null, "could not put records in quarantine or hand a request over: "
                        + Failures.chain(e), FailureScope.REQUEST);
            }
        }
        quarantine.dropProblems();
        packers.values().forEach(RequestPacker::discard);
        hole(start, end);
    }

    private void hole(long start, long end) {
        synchronized (holes) {
            holes.add(new long[] {start, end});
        }
    }

    private RequestPacker packer(TableSchema table) {
        return new RequestPacker(table, format, uploader.compression(), request -> {
            long start = request.recordIndexes()[0];
            long end = request.recordIndexes()[request.rows() - 1] + 1;
            if (failed()) {
                hole(start, end);
                return;
            }
            CompletableFuture<Delivery> delivery = uploader.submit(streams.apply(request.table()), request, deadline, quarantine);
            delivery.thenAccept(d -> {
                if (!d.settled() && failure == null) {
                    failure = d.failure();
                }
            });
            synchronized (sent) {
                sent.add(new Sent(start, end, delivery));
            }
        });
    }

    /**
     * Sends what is left (unless something failed), waits for every request until shortly before the
     * deadline, and says what became of the records {@code [0, next())} of this run.
     */
    public Result finish() {
        closeUnit(next);
        for (RequestPacker packer : packers.values()) {
            try {
                packer.await();
            } catch (IOException | RuntimeException e) {
                ownFailure = ownFailure != null ? ownFailure
                        : new Delivery.Failure(null, "could not hand a request over: " + Failures.chain(e), FailureScope.REQUEST);
            }
        }
        Delivery total = Delivery.NONE;
        List<Sent> all;
        synchronized (sent) {
            all = List.copyOf(sent);
        }
        for (Sent request : all) {
            total = total.plus(await(request));
        }
        List<long[]> allHoles = new ArrayList<>(total.holes());
        synchronized (holes) {
            allHoles.addAll(holes);
        }
        Delivery.Failure first = ownFailure != null && (total.failure() == null || total.failure().scope() == FailureScope.REQUEST) ? ownFailure : total.failure();
        return new Result(total, merge(allHoles), first);
    }

    /** The request's delivery, or a hole when no answer came before the wrap-up time: it is given up on, not counted. */
    private Delivery await(Sent request) {
        try {
            long millis = Math.max(0, deadline.remaining().minus(wrapUp).toMillis());
            return request.delivery().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Delivery.failed(request.start(), request.end(), new Delivery.Failure(null,
                    "no answer before the invocation's end; the request was given up on", FailureScope.REQUEST));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.failed(request.start(), request.end(), new Delivery.Failure(null, "interrupted", FailureScope.REQUEST));
        } catch (ExecutionException e) {
            return Delivery.failed(request.start(), request.end(), new Delivery.Failure(null,
                    "unexpected " + Failures.chain(e.getCause()), FailureScope.REQUEST));
        }
    }

    private static RecordRanges merge(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        RecordRanges.Builder builder = new RecordRanges.Builder();
        ranges.forEach(r -> builder.add(r[0], r[1]));
        return builder.build();
    }

    /**
     * What became of one run's records.
     *
     * @param holes the records not settled (to read again)
     * @param failure why, or null when every record handed over is settled
     */
    public record Result(Delivery delivery, RecordRanges holes, Delivery.Failure failure) {
        public boolean settled() {
            return holes.isEmpty() && failure == null;
        }
    }
}
