package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.backfill.Backfill;
import dev.sentinelforwarder.deploy.ExternalCommand;
import dev.sentinelforwarder.backfill.Pacer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What {@code backfill} and {@code replay} share: objects of a bucket listed in key order, a message for each to the
 * forwarder's queue, paced within one data collection rule's limits; progress on a terminal, plain lines otherwise;
 * where to go on from when it stops. The forwarder does the work, with its own identity, at the stack's concurrency.
 */
abstract class QueueFeedCommand extends ToolCommand {
    /** How often progress is printed when stdout is not a terminal. */
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "the bucket whose objects to send")
    String bucket;
    @Option(names = "--prefix", paramLabel = "PREFIX", description = "only keys under this prefix")
    String prefix = "";
    @Option(names = "--since", paramLabel = "DATE", converter = Since.class,
            description = "only objects written from this day (2026-11-01, whole) or instant (2026-11-01T12:00:00Z) on")
    Instant since;
    @Option(names = "--until", paramLabel = "DATE", converter = Until.class,
            description = "only objects written before the end of this day, or before this instant")
    Instant until;
    @Option(names = "--queue", paramLabel = "URL", description = "the forwarder's queue (the stack's QueueUrl output); not for --dry-run")
    String queue;
    @Option(names = "--rate", paramLabel = "N", description = "objects per second, at most 200 (default: ${DEFAULT-VALUE})")
    double rate = Pacer.DEFAULT_OBJECTS_PER_SECOND;
    @Option(names = "--start-after", paramLabel = "KEY", description = "go on after this key (printed when a run stops)")
    String startAfter;
    @Option(names = "--dry-run", description = "count the objects and estimate rows, requests and time; send nothing")
    boolean dryRun;

    private final S3Client s3;
    private final SqsClient sqs;
    private final boolean terminal;

    /** The command line's: clients from the environment, progress in place when stdout is a terminal. */
    QueueFeedCommand() {
        this(null, null, System.console() != null && System.console().isTerminal());
    }

    /** Tests': on these clients. */
    QueueFeedCommand(S3Client s3, SqsClient sqs, boolean terminal) {
        this.s3 = s3;
        this.sqs = sqs;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (queue == null && !dryRun) {
            throw new UsageException("--queue URL is required (it is not for --dry-run)");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since must be before --until");
        }
        if (rate <= 0 || rate > Pacer.DEFAULT_OBJECTS_PER_SECOND * 2) {
            throw new UsageException("--rate must be objects per second above 0 and at most "
                    + (int) (Pacer.DEFAULT_OBJECTS_PER_SECOND * 2) + " (one rule's 12,000 requests a minute), not " + rate);
        }
        if (s3 != null) {
            return run(s3, sqs);
        }
        AwsRegion.require();
        try (S3Client s3Client = S3Client.create(); SqsClient sqsClient = SqsClient.create()) {
            return run(s3Client, sqsClient);
        }
    }

    /** The objects to send a message for. */
    abstract Backfill.Selection selection();

    /** What {@code --dry-run} prints beyond the count, from the objects {@code selection} lists; nothing is sent. */
    abstract void dryRun(Backfill backfill, Backfill.Selection selection, S3Client s3) throws IOException;

    /** What the messages are called in the summary: "notifications", "replay messages". */
    abstract String messages();

    private int run(S3Client s3, SqsClient sqs) {
        Backfill backfill = new Backfill(s3, sqs, new Pacer(rate, Pacer.DEFAULT_BYTES_PER_SECOND));
        Backfill.Selection selection = selection();
        Backfill.Plan plan;
        try {
            plan = backfill.plan(selection, Backfill.Estimate.NONE);
            out.printf(Locale.ROOT, "%s: %d objects, %s compressed%n", "s3://" + bucket + "/" + selection.prefix(), plan.totals().objects(),
                    bytes(plan.totals().bytes()));
            if (dryRun) {
                dryRun(backfill, selection, s3);
                out.printf(Locale.ROOT, "at most %.0f objects/s, so at least %s%n", rate,
                        duration(Duration.ofSeconds((long) Math.ceil(plan.totals().objects() / rate))));
                return 0;
            }
        } catch (IOException | RuntimeException e) {
            throw new CommandFailedException("cannot list or read s3://" + bucket + "/" + selection.prefix() + ": " + e.getMessage(), e);
        }
        Progress progress = new Progress(plan.totals(), out, terminal);
        Thread onInterrupt = new Thread(() -> out.println(progress.resumeHint("interrupted")));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Backfill.Totals sent = backfill.send(selection, queue, progress::update);
            progress.finish();
            out.printf(Locale.ROOT, "sent %d %s (%s) to %s%n", sent.objects(), messages(), bytes(sent.bytes()), queue);
            return 0;
        } catch (Backfill.BackfillStoppedException e) {
            progress.finish();
            err.println(e.getMessage());
            out.println(progress.resumeHint("stopped"));
            return 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
    }

    /** Objects, bytes, rate and time left: one line rewritten in place on a terminal, a line every few seconds otherwise. */
    private static final class Progress {
        private final Backfill.Totals total;
        private final PrintStream out;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private long printed = started;
        private volatile String lastKey;

        Progress(Backfill.Totals total, PrintStream out, boolean terminal) {
            this.total = total;
            this.out = out;
            this.terminal = terminal;
        }

        void update(Backfill.Totals sent, String key) {
            lastKey = key;
            long now = System.nanoTime();
            if (!terminal && now - printed < PLAIN_EVERY.toNanos()) {
                return;
            }
            printed = now;
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            double perSecond = sent.objects() / seconds;
            long left = (long) Math.ceil((total.objects() - sent.objects()) / Math.max(perSecond, 1e-9));
            String line = String.format(Locale.ROOT, "%d/%d objects, %s/%s, %.1f objects/s, ETA %s", sent.objects(), total.objects(),
                    bytes(sent.bytes()), bytes(total.bytes()), perSecond, duration(Duration.ofSeconds(left)));
            if (terminal) {
                out.print("\r" + line + "   ");
            } else {
                out.println(line);
            }
        }

        void finish() {
            if (terminal) {
                out.println();
            }
        }

        String resumeHint(String what) {
            return lastKey == null ? what + " before any notification was sent: run the same command again"
                    : what + " after " + lastKey + ": go on with --start-after " + ExternalCommand.quote(lastKey);
        }
    }

    /** A day (YYYY-MM-DD, from its start) or an instant. */
    static final class Since implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            return instant(text, false);
        }
    }

    /** A day (YYYY-MM-DD, whole: up to its end) or an instant (excluded). */
    static final class Until implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            return instant(text, true);
        }
    }

    private static Instant instant(String text, boolean until) {
        try {
            LocalDate day = LocalDate.parse(text);
            return (until ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is neither a day (2026-11-01) nor an instant (2026-11-01T12:00:00Z)");
            }
        }
    }


    static String bytes(long bytes) {
        return bytes < 1_000_000 ? bytes + " B" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String duration(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
                : d.toSeconds() + "s";
    }
}
