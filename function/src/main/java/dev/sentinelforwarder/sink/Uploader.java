package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.Time;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.Destination;
import dev.sentinelforwarder.observe.Failures;
import dev.sentinelforwarder.quarantine.RejectedRow;
import dev.sentinelforwarder.quarantine.RejectedRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Delivers packed requests, at most {@code concurrency} at a time, so network latency does not serialise
 * the work; the caller blocks while that many are in flight, which bounds memory to a few request bodies.
 * Each attempt waits at most what {@link RetryPolicy} allows, and no attempt starts that would not end
 * before the deadline. A request the service refuses for its content is split in halves, level by level,
 * until the refused rows stand alone; those are kept in quarantine. When every part of a request is refused
 * at a level of {@link #SYSTEMATIC_PARTS} parts or more, the stream refuses these rows whatever their
 * neighbours (a mismatched stream declaration, say): all its rows are kept in quarantine at once, instead
 * of 2n-1 requests for n rows.
 */
public final class Uploader implements AutoCloseable {
    static final int SYSTEMATIC_PARTS = 8;

    private final Destination destination;
    private final IngestionClient client;
    private final RetryPolicy policy;
    private final Compression compression;
    private final Semaphore inFlight;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Time.Sleeper sleeper;

    /** @param client a client for one of {@code destination}'s rules */
    public Uploader(Destination destination, IngestionClient client, RetryPolicy policy, int concurrency, Compression compression,
            Time.Sleeper sleeper) {
        this.destination = destination;
        this.client = client;
        this.policy = policy;
        this.compression = compression;
        this.inFlight = new Semaphore(concurrency);
        this.sleeper = sleeper;
    }

    /** How the bodies of this uploader's requests are gzipped, the parts of refused ones too. */
    public Compression compression() {
        return compression;
    }

    /** The workspace this uploader sends to. */
    public Destination destination() {
        return destination;
    }

    /** The rule this uploader sends to. */
    public DataCollectionRule rule() {
        return client.rule();
    }

    /** Sends {@code request} (blocking while {@code concurrency} are in flight); refused rows go to {@code rejected}. */
    public CompletableFuture<Delivery> submit(String stream, PackedRequest request, Deadline deadline, RejectedRows rejected) {
        inFlight.acquireUninterruptibly();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return deliver(stream, request, deadline, rejected);
                } catch (RuntimeException | Error e) {
                    return failed(request, 0, request.rows(), null, "unexpected " + Failures.chain(e), FailureScope.REQUEST);
                } finally {
                    inFlight.release();
                }
            }, executor);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private Delivery deliver(String stream, PackedRequest request, Deadline deadline, RejectedRows rejected) {
        Tried tried = attempts(stream, request, deadline);
        return switch (tried.verdict()) {
            case Verdict.Accept accept -> Delivery.accepted((SendOutcome.Accepted) tried.outcome()).plus(tried.counts());
            case Verdict.Split split -> {
                List<String> rows = rowsOf(request);
                Part whole = new Part(0, rows.size(), (SendOutcome.Failed) tried.outcome());
                yield split(stream, request, rows, whole, deadline, rejected).plus(tried.counts());
            }
            case Verdict.GiveUp giveUp -> failed(request, 0, request.rows(), (SendOutcome.Failed) tried.outcome(), giveUp.reason(),
                    giveUp.scope()).plus(tried.counts());
            default -> throw new IllegalStateException("attempts() settles every verdict but these: " + tried.verdict());
        };
    }

    /** A run of rows of a refused request, with the answer that refused it. */
    private record Part(int from, int to, SendOutcome.Failed refusal) {
        int size() {
            return to - from;
        }
    }

    /** Sends the halves of a refused request level by level; see the class comment. */
    private Delivery split(String stream, PackedRequest request, List<String> rows, Part whole, Deadline deadline,
            RejectedRows rejectedRows) {
        long[] records = request.recordIndexes();
        Delivery total = Delivery.NONE;
        List<RejectedRow> rejected = new ArrayList<>();
        List<Part> level = whole.size() == 1 ? List.of() : halves(whole);
        if (whole.size() == 1) {
            rejected.add(rejectedRow(request, 0, rows, whole.refusal()));
        }
        while (!level.isEmpty()) {
            List<Part> refused = new ArrayList<>();
            for (Part part : level) {
                PackedRequest sub = RequestPacker.of(request.table(), request.format(), rows.subList(part.from(), part.to()),
                        Arrays.copyOfRange(records, part.from(), part.to()), compression);
                Tried tried = attempts(stream, sub, deadline);
                total = total.plus(tried.counts());
                switch (tried.verdict()) {
                    case Verdict.Accept accept -> total = total.plus(Delivery.accepted((SendOutcome.Accepted) tried.outcome()));
                    case Verdict.Split split -> refused.add(new Part(part.from(), part.to(), (SendOutcome.Failed) tried.outcome()));
                    case Verdict.GiveUp giveUp -> total = total.plus(failed(request, part.from(), part.to(),
                            (SendOutcome.Failed) tried.outcome(), giveUp.reason(), giveUp.scope()));
                    default -> throw new IllegalStateException("attempts() settles every verdict but these: " + tried.verdict());
                }
            }
            boolean systematic = !refused.isEmpty() && refused.size() == level.size() && level.size() >= SYSTEMATIC_PARTS;
            List<Part> next = new ArrayList<>();
            for (Part part : refused) {
                if (systematic || part.size() == 1) {
                    for (int i = part.from(); i < part.to(); i++) {
                        rejected.add(rejectedRow(request, i, rows, systematic ? withReason(part.refusal(),
                                "refused together with every other part of its request: ") : part.refusal()));
                    }
                } else {
                    next.addAll(halves(part));
                }
            }
            level = next;
        }
        return total.plus(keep(rejected, rejectedRows));
    }

    /** Row {@code i} of the request as quarantine keeps it: named by the table's columns, for the people who read it. */
    private static RejectedRow rejectedRow(PackedRequest request, int i, List<String> rows, SendOutcome.Failed reason) {
        return new RejectedRow(request.recordIndexes()[i], request.table(), request.format().withColumnNames(request.table(),
                rows.get(i)), reason.status(), reason.errorCode(), reason.message());
    }

    private static SendOutcome.Failed withReason(SendOutcome.Failed refusal, String prefix) {
        return new SendOutcome.Failed(refusal.status(), refusal.errorCode(), prefix + refusal.message(), refusal.retryAfter());
    }

    private static List<Part> halves(Part part) {
        int middle = part.from() + part.size() / 2;
        return List.of(new Part(part.from(), middle, part.refusal()), new Part(middle, part.to(), part.refusal()));
    }

    /** Rows refused on their own are settled once they are in quarantine; if they cannot be kept, they are holes. */
    private static Delivery keep(List<RejectedRow> rejected, RejectedRows rejectedRows) {
        if (rejected.isEmpty()) {
            return Delivery.NONE;
        }
        try {
            rejectedRows.keep(rejected);
            return Delivery.rejected(rejected.size());
        } catch (IOException | RuntimeException e) {
            Delivery notKept = Delivery.NONE;
            for (RejectedRow row : rejected) {
                notKept = notKept.plus(Delivery.failed(row.recordIndex(), row.recordIndex() + 1,
                        new Delivery.Failure(null, "refused rows could not be put in quarantine: " + e.getMessage(), FailureScope.REQUEST)));
            }
            return notKept;
        }
    }

    /** The answer to a request after its retries, and how many requests, retries and 429s that took. */
    private record Tried(SendOutcome outcome, Verdict verdict, int requests, int retries, int throttles) {
        Delivery counts() {
            return Delivery.NONE.sent(requests, retries, throttles);
        }
    }

    /** Sends until the verdict is accept, split or give up: retries and one renewal of the credentials happen here. */
    private Tried attempts(String stream, PackedRequest request, Deadline deadline) {
        int requests = 0;
        int throttles = 0;
        boolean renewed = false;
        while (true) {
            if (!policy.attemptFits(deadline)) {
                return new Tried(null, new Verdict.GiveUp("no time left in this invocation for another attempt", FailureScope.REQUEST),
                        requests, Math.max(0, requests - 1), throttles);
            }
            SendOutcome outcome = client.send(stream, request, policy.attemptTimeout(deadline));
            requests++;
            if (outcome instanceof SendOutcome.Failed failed && failed.status() == 429) {
                throttles++;
            }
            Verdict verdict = policy.judge(outcome, requests - 1, renewed, deadline);
            switch (verdict) {
                case Verdict.Retry retry -> sleep(retry.delay());
                case Verdict.RenewCredentials renew -> {
                    client.renewCredentials();
                    renewed = true;
                }
                default -> {
                    return new Tried(outcome, verdict, requests, requests - 1, throttles);
                }
            }
        }
    }

    /** Records {@code [from, to)} of {@code request} (by position) were not delivered. */
    private static Delivery failed(PackedRequest request, int from, int to, SendOutcome.Failed answer, String reason, FailureScope scope) {
        long[] records = request.recordIndexes();
        return Delivery.failed(records[from], records[to - 1] + 1, new Delivery.Failure(answer, reason, scope));
    }

    private static List<String> rowsOf(PackedRequest request) {
        try {
            return RequestPacker.rowsOf(request);
        } catch (IOException e) {
            throw new IllegalStateException("a request body we built cannot be read back", e);
        }
    }

    private void sleep(java.time.Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        executor.close();
    }
}
