package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.backfill.Backfill;
import dev.sentinelforwarder.format.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code replay}: once the cause of a quarantine is fixed (a stream declaration redeployed, a role granted), one message
 * per quarantine object to the forwarder's queue; the forwarder sends the rows the service refused again and reads the
 * records it could not read again from their source objects. With the ledger, a second replay sends nothing twice.
 */
@Command(name = "replay", description = {"Send again what the quarantine holds, once its cause is fixed.",
        "Sends the forwarder's queue one message per quarantine object under --prefix (of the quarantine); the forwarder sends",
        "refused rows again and re-reads unreadable records from their source objects with today's readers; what is",
        "refused again stays, with its new reason. Needs the ledger (the stack's default) and an AWS region; --dry-run",
        "counts the entries instead."})
final class ReplayCommand extends QueueFeedCommand {
    @Option(names = "--quarantine-prefix", paramLabel = "PREFIX",
            description = "the forwarder's QUARANTINE_PREFIX (default: ${DEFAULT-VALUE}); --prefix is the source keys' prefix under it")
    String quarantinePrefix = "sentinel-forwarder-quarantine/";

    ReplayCommand() {
    }

    /** Tests': on these clients. */
    ReplayCommand(S3Client s3, SqsClient sqs, boolean terminal) {
        super(s3, sqs, terminal);
    }

    @Override
    Backfill.Selection selection() {
        return new Backfill.Selection(bucket, quarantinePrefix + prefix, since, until, startAfter, quarantinePrefix, true);
    }

    /** The entries of every listed quarantine object, by stage and kind: what a replay would send or read again. */
    @Override
    void dryRun(Backfill backfill, Backfill.Selection selection, S3Client s3) throws IOException {
        Map<String, Long> entries = new TreeMap<>();
        for (var it = backfill.candidates(selection).iterator(); it.hasNext(); ) {
            String key = it.next().key();
            try (InputStream in = new GZIPInputStream(s3.getObject(r -> r.bucket(bucket).key(key)));
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        JsonNode entry = Json.mapper().readTree(line);
                        entries.merge(entry.path("stage").asText() + " " + entry.path("kind").asText(), 1L, Long::sum);
                    }
                }
            }
        }
        out.println("entries: " + (entries.isEmpty() ? "none" : entries.toString().replaceAll("[{}]", "").replace("=", ": "))
                + " (ingest: refused rows, sent again; read: records read again from their source objects)");
    }

    @Override
    String messages() {
        return "replay messages";
    }
}
