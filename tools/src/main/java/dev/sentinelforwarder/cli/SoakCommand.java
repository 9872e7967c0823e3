package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.soak.Soak;
import dev.sentinelforwarder.soak.SoakFaults;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code soak}: runs {@link Soak} and prints its summary. The exit status is 0 only when nothing was lost, no
 * invocation overran, and (with a ledger) nothing was sent twice.
 */
@Command(name = "soak", description = {"Prove nothing is lost or sent twice under faults, at volume.",
        "Generated objects of every type through forwarders fed by a simulated SQS queue, against a faulty local",
        "endpoint and a second tenant's workspace that hangs at first; prints what was lost (exit 1 unless 0 lost, 0",
        "overruns, 0 in the wrong workspace and, with a ledger, 0 twice)."})
final class SoakCommand extends ToolCommand {
    /** The second rule of {@code --refuse-rule-for}. */
    static final String SECOND_RULE = "dcr-11111111111111111111111111111111";

    @Option(names = "--objects", paramLabel = "N", description = "objects to send (default: ${DEFAULT-VALUE})")
    int objects = 2_000;
    @Option(names = "--max-records", paramLabel = "N", description = "most records per object (default: ${DEFAULT-VALUE})")
    int maxRecords = 60_000;
    @Option(names = "--workers", paramLabel = "N", description = "forwarders polling at once (default: ${DEFAULT-VALUE})")
    int workers = 4;
    @Option(names = "--ledger", paramLabel = "dynamodb|memory|off", description = "the ledger; dynamodb needs moto_server (default: ${DEFAULT-VALUE})")
    String ledger = "dynamodb";
    @Option(names = "--duplicates", paramLabel = "R", description = "share of notifications sent twice (default: ${DEFAULT-VALUE})")
    double duplicates = 0.05;
    @Option(names = "--timeout", paramLabel = "S", description = "seconds per invocation (default: ${DEFAULT-VALUE})")
    long timeout = 30;
    @Option(names = "--outage-every", paramLabel = "S", description = "an outage of the endpoint every S seconds (default: ${DEFAULT-VALUE})")
    long outageEvery = 60;
    @Option(names = "--outage-for", paramLabel = "S", description = "lasting S seconds (default: ${DEFAULT-VALUE})")
    long outageFor = 20;
    @Option(names = "--refuse-table", paramLabel = "TABLE", description = "a table, e.g. AWSGuardDuty, whose stream the endpoint refuses")
    String refusedTable;
    @Option(names = "--refuse-rule-for", paramLabel = "S",
            description = "spread objects over two rules, the second answering 403 (a role assignment not yet visible) for S seconds")
    long refuseRuleFor;
    @Option(names = "--hang-rate", paramLabel = "R", description = "share of requests left hanging (default: ${DEFAULT-VALUE})")
    double hangRate = 0.002;
    @Option(names = "--slow-rate", paramLabel = "R", description = "share answered slowly (default: ${DEFAULT-VALUE})")
    double slowRate = 0.01;
    @Option(names = "--fault-rate", paramLabel = "R", description = "share answered 429, 503 or dropped (default: ${DEFAULT-VALUE})")
    double faultRate = 0.05;
    @Option(names = "--hang-destination-for", paramLabel = "S",
            description = "the second tenant's workspace takes requests and never answers for the first S seconds (default: ${DEFAULT-VALUE})")
    long hangDestinationFor = 30;
    @Option(names = "--seed", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!ledger.equals("dynamodb") && !ledger.equals("memory") && !ledger.equals("off")) {
            throw new UsageException("--ledger is dynamodb, memory or off, not " + ledger);
        }
        String refusedStream = refusedTable == null ? null : RowFormat.COMPACT.stream(Tables.byName(refusedTable)
                .orElseThrow(() -> new UsageException("--refuse-table takes a table name such as AWSGuardDuty, not " + refusedTable)));
        Soak.Options options = new Soak.Options(objects, maxRecords, workers, ledger, duplicates, Duration.ofSeconds(timeout),
                new SoakFaults.Plan(Duration.ofSeconds(outageEvery), Duration.ofSeconds(outageFor), refusedStream,
                        hangRate, slowRate, faultRate, refuseRuleFor > 0 ? SECOND_RULE : null, Duration.ofSeconds(refuseRuleFor)),
                Duration.ofSeconds(hangDestinationFor), seed);
        ObjectNode summary = Soak.run(options);
        out.println(summary.toPrettyString());
        return Soak.passed(summary) ? 0 : 1;
    }
}
