package dev.sentinelforwarder.cli;

import dev.sentinelforwarder.backfill.Backfill;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code backfill}: one notification per existing log object to the forwarder's queue, shaped as S3's own. */
@Command(name = "backfill", description = {"Forward the objects that were in the bucket before the forwarder was.",
        "Sends the forwarder's queue one notification per existing object (shaped as S3's own), paced within one data",
        "collection rule's limits; --dry-run counts and estimates instead. Needs an AWS region."})
final class BackfillCommand extends QueueFeedCommand {
    BackfillCommand() {
    }

    /** Tests': on these clients. */
    BackfillCommand(S3Client s3, SqsClient sqs, boolean terminal) {
        super(s3, sqs, terminal);
    }

    @Override
    Backfill.Selection selection() {
        return new Backfill.Selection(bucket, prefix, since, until, startAfter);
    }

    @Override
    void dryRun(Backfill backfill, Backfill.Selection selection, S3Client s3) throws IOException {
        Backfill.Estimate estimate = backfill.estimate(selection);
        Backfill.Plan plan = backfill.plan(selection, estimate);
        out.printf(Locale.ROOT, "estimated from %d sampled objects (%s): %d rows, %d requests%n", estimate.sampled().objects(),
                bytes(estimate.sampled().bytes()), Math.round(plan.totals().bytes() * estimate.rowsPerByte()), plan.requests());
    }

    @Override
    String messages() {
        return "notifications";
    }
}
