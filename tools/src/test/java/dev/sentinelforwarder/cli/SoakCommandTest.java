package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A short soak on every build: objects of up to several requests, an outage longer than a request's
 * retries, hanging connections, slow accepts, passing faults, duplicate notifications and deliveries,
 * the ledger in DynamoDB on moto_server, a second tenant's workspace that hangs for the first 10 s, objects whose key
 * names no account, a Parquet bomb among the flow logs. Nothing lost, nothing twice, nothing in the wrong workspace, no
 * invocation past its deadline. One
 * outage in every 40 s: with the queue's visibility sped up tenfold, outages much closer together (16 s of every
 * 24) can fail a message five times on a slow machine, which SQS would rightly move to the dead-letter queue.
 * (`./forwarder soak` runs the long one.)
 */
class SoakCommandTest {
    @Test
    void losesNothingAndSendsNothingTwiceWithTheLedgerThroughOutagesAndHangs() throws Exception {
        JsonNode summary = soak("--objects", "48", "--max-records", "12000", "--workers", "3", "--ledger", "dynamodb",
                "--duplicates", "0.1", "--timeout", "30", "--outage-every", "40", "--outage-for", "16", "--hang-rate", "0.02",
                "--slow-rate", "0.05", "--fault-rate", "0.05", "--hang-destination-for", "10", "--seed", "7");

        assertThat(summary.get("rows_lost").longValue()).as(summary.toPrettyString()).isZero();
        assertThat(summary.get("duplicate_rows_accepted").longValue()).isZero();
        assertThat(summary.get("rows_in_wrong_workspace").longValue()).isZero();
        assertThat(summary.get("requests_hung").longValue()).as("the second tenant's workspace hung at first").isPositive();
        assertThat(summary.get("invocations_overrun").longValue()).isZero();
        assertThat(summary.get("distinct_rows_accepted").longValue()).isEqualTo(summary.get("rows_in_sources").longValue());
        assertThat(summary.get("bad_lines_quarantined").longValue()).isEqualTo(summary.get("bad_lines_in_sources").longValue());
        assertThat(summary.get("messages_to_dlq").longValue()).isZero();
        assertThat(summary.get("faults").get("outage (503)").longValue()).isPositive();
        assertThat(summary.get("faults").get("hang").longValue()).isPositive();
        // Whether an outage starts inside an object (a hand-on) or between them (the message fails and comes back) is
        // down to timing; either way deliveries were interrupted. HandOnEndToEndTest makes hand-ons happen on purpose.
        assertThat(summary.get("hand_ons").longValue() + summary.get("messages_failed").longValue())
                .as("outages interrupted deliveries, which were tried again").isPositive();
        assertThat(summary.get("duplicates_skipped").longValue()).isPositive();
    }

    private static JsonNode soak(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(prepend("soak", args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        JsonNode summary = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8) + summary).isZero();
        return summary;
    }

    private static String[] prepend(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
