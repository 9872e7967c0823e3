package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.backfill.Backfill;
import dev.sentinelforwarder.backfill.Pacer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code backfill --bucket B [--prefix P] [--since DATE] [--until DATE] --queue URL [--rate N] [--start-after KEY]
 * [--dry-run]}: one notification per existing object to the forwarder's queue, paced within one data collection
 * rule's limits; progress on a terminal, plain lines otherwise; where to go on from when it stops.
 */
final class BackfillCommand {
    static final String USAGE = "backfill --bucket B [--prefix P] [--since DATE] [--until DATE] --queue URL [--rate N]"
            + " [--start-after KEY] [--dry-run]";
    /** How often progress is printed when stdout is not a terminal. */
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    private BackfillCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try (S3Client s3 = S3Client.create(); SqsClient sqs = SqsClient.create()) {
            return run(args, out, err, s3, sqs, System.console() != null);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, S3Client s3, SqsClient sqs, boolean terminal) {
        String bucket = null;
        String prefix = "";
        Instant since = null;
        Instant until = null;
        String queue = null;
        double rate = Pacer.DEFAULT_OBJECTS_PER_SECOND;
        String startAfter = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bucket" -> bucket = value(args, ++i);
                case "--prefix" -> prefix = value(args, ++i);
                case "--since" -> since = instant(value(args, ++i), false);
                case "--until" -> until = instant(value(args, ++i), true);
                case "--queue" -> queue = value(args, ++i);
                case "--rate" -> rate = rate(value(args, ++i));
                case "--start-after" -> startAfter = value(args, ++i);
                case "--dry-run" -> dryRun = true;
                default -> throw new UsageException("backfill: unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (bucket == null || (queue == null && !dryRun)) {
            throw new UsageException("backfill: --bucket and --queue are required (--queue not for --dry-run)\n" + USAGE);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("backfill: --since must be before --until");
        }
        Backfill backfill = new Backfill(s3, sqs, new Pacer(rate, Pacer.DEFAULT_BYTES_PER_SECOND));
        Backfill.Selection selection = new Backfill.Selection(bucket, prefix, since, until, startAfter);
        Backfill.Plan plan;
        try {
            Backfill.Estimate estimate = dryRun ? backfill.estimate(selection) : Backfill.Estimate.NONE;
            plan = backfill.plan(selection, estimate);
            out.printf(Locale.ROOT, "%s: %d objects, %s compressed%n", "s3://" + bucket + "/" + prefix, plan.totals().objects(),
                    bytes(plan.totals().bytes()));
            if (dryRun) {
                out.printf(Locale.ROOT, "estimated from %d sampled objects (%s): %d rows, %d requests; at most %.0f objects/s,"
                        + " so at least %s%n", estimate.sampled().objects(), bytes(estimate.sampled().bytes()),
                        Math.round(plan.totals().bytes() * estimate.rowsPerByte()), plan.requests(), rate,
                        duration(Duration.ofSeconds((long) Math.ceil(plan.totals().objects() / rate))));
                return 0;
            }
        } catch (IOException | RuntimeException e) {
            err.println("backfill: cannot list or read s3://" + bucket + "/" + prefix + ": " + e.getMessage());
            return 1;
        }
        Progress progress = new Progress(plan.totals(), out, terminal);
        Thread onInterrupt = new Thread(() -> out.println(progress.resumeHint("interrupted")));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Backfill.Totals sent = backfill.send(selection, queue, progress::update);
            progress.finish();
            out.printf(Locale.ROOT, "sent %d notifications (%s) to %s%n", sent.objects(), bytes(sent.bytes()), queue);
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
                    : what + " after " + lastKey + ": go on with --start-after '" + lastKey + "'";
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new UsageException("backfill: " + args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** A day (YYYY-MM-DD, whole: --until includes it) or an instant (2026-11-01T12:00:00Z, --until excludes it). */
    private static Instant instant(String text, boolean until) {
        try {
            LocalDate day = LocalDate.parse(text);
            return (until ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new UsageException("backfill: '" + text + "' is neither a day (2026-11-01) nor an instant (2026-11-01T12:00:00Z)");
            }
        }
    }

    private static double rate(String text) {
        try {
            double rate = Double.parseDouble(text);
            if (rate > 0 && rate <= Pacer.DEFAULT_OBJECTS_PER_SECOND * 2) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("backfill: --rate must be objects per second above 0 and at most "
                + (int) (Pacer.DEFAULT_OBJECTS_PER_SECOND * 2) + " (one rule's 12,000 requests a minute), not '" + text + "'");
    }

    private static String bytes(long bytes) {
        return bytes < 1_000_000 ? bytes + " B" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String duration(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
                : d.toSeconds() + "s";
    }
}
