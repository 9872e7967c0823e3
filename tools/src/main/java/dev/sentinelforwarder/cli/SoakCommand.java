package dev.sentinelforwarder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.soak.Soak;
import dev.sentinelforwarder.soak.SoakFaults;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code soak [--objects N] [--max-records N] [--workers W] [--ledger dynamodb|memory|off] [--duplicates D]
 * [--timeout S] [--outage-every S] [--outage-for S] [--refuse-table TABLE] [--hang-rate R] [--slow-rate R]
 * [--fault-rate R] [--seed S]}: runs {@link Soak} and prints its summary. The exit status is 0 only when
 * nothing was lost, no invocation overran, and (with a ledger) nothing was sent twice.
 */
final class SoakCommand {
    private SoakCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int objects = 2_000;
        int maxRecords = 60_000;
        int workers = 4;
        String ledger = "dynamodb";
        double duplicates = 0.05;
        long timeout = 30;
        long outageEvery = 60;
        long outageFor = 20;
        String refusedStream = null;
        double hangRate = 0.002;
        double slowRate = 0.01;
        double faultRate = 0.05;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                throw new UsageException("soak: " + option + " needs a value");
            }
            switch (option) {
                case "--objects" -> objects = Integer.parseInt(value);
                case "--max-records" -> maxRecords = Integer.parseInt(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--ledger" -> ledger = switch (value) {
                    case "dynamodb", "memory", "off" -> value;
                    default -> throw new UsageException("soak: --ledger is dynamodb, memory or off, not " + value);
                };
                case "--duplicates" -> duplicates = Double.parseDouble(value);
                case "--timeout" -> timeout = Long.parseLong(value);
                case "--outage-every" -> outageEvery = Long.parseLong(value);
                case "--outage-for" -> outageFor = Long.parseLong(value);
                case "--refuse-table" -> refusedStream = RowFormat.COMPACT.stream(Tables.byName(value)
                        .orElseThrow(() -> new UsageException("soak: --refuse-table takes a table name such as AWSGuardDuty, not " + value)));
                case "--hang-rate" -> hangRate = Double.parseDouble(value);
                case "--slow-rate" -> slowRate = Double.parseDouble(value);
                case "--fault-rate" -> faultRate = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new UsageException("soak: unknown argument " + option);
            }
        }
        Soak.Options options = new Soak.Options(objects, maxRecords, workers, ledger, duplicates, Duration.ofSeconds(timeout),
                new SoakFaults.Plan(Duration.ofSeconds(outageEvery), Duration.ofSeconds(outageFor), refusedStream,
                        hangRate, slowRate, faultRate), seed);
        try {
            ObjectNode summary = Soak.run(options);
            out.println(summary.toPrettyString());
            return Soak.passed(summary) ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("soak: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
