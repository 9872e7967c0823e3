package dev.sentinelforwarder.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar forwarder-tools.jar <command> ...}: the command-line door to the same pipeline the Lambda runs. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar forwarder-tools.jar <command> [options]

            commands:
              local [--events DIR] [--objects DIR] [--out DIR] [--row-format compact|full]
                  run the forwarder Lambda on the SQS events in DIR (default events/) against a local S3 serving
                  --objects (default samples/objects) and a local Logs Ingestion endpoint; print what was accepted
              invoke EVENT.json
                  run the forwarder Lambda once on an SQS event with the configuration from the environment
              backfill --bucket B [--prefix P] [--since DATE] [--until DATE] --queue URL [--rate N] [--start-after KEY] [--dry-run]
                  one notification per existing object to the forwarder's queue, paced within one DCR's limits
              check [--local]
                  check the Azure side with the configuration from the environment: a token, then an empty request per stream
              coldstart [--event FILE] [--objects DIR] [JVM options...]
                  a fresh JVM builds the forwarder and handles one event against local services: init and first-event times
              dcr-template [--out FILE]
                  write the Azure ARM template (data collection rule, role assignment) made from the table schemas
              bench [--type auto|T] [--row-format compact,full] [--level N] [--runs N] [--filter-rules JSON|@FILE] FILE...   |   bench --generate TYPE SIZE_MB OUT
              bench latency [--objects N] [--records N,N...]
                  the in-process pipeline's CPU, wall time, heap and request packing per file, against the zlib floor;
                  latency: PutObject to the last row accepted, through moto's notifications, SQS and the runtime client
              soak [--objects N] [--max-records N] [--ledger dynamodb|memory|off] [--outage-every S] [--outage-for S] [--hang-rate R] ...
                  objects of all four types through the forwarder against a faulty local endpoint; prints what was lost (0)
              cloudwatch-to-csv EVENT.json --out FILE.csv.gz
                  write what the CloudWatch companion would put in S3 for a saved subscription event
              convert [--type auto|TYPE] [--cloudwatch-custom-columns] [--filter-rules JSON|@FILE] --out DIR FILE|DIR...
                  read AWS log files (gzip or plain) and write DIR/<Table>.ndjson, one Sentinel row per line

            TYPE is one of cloudtrail, guardduty, vpcflow, cloudwatch, waf, network_firewall_flow, network_firewall_alert,
            network_firewall_tls, route53_resolver, s3_server_access, alb, nlb, security_hub.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit status: 0 success, 1 some input failed, 2 usage error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "local" -> LocalCommand.run(rest, out, err);
                case "invoke" -> InvokeCommand.run(rest, out, err);
                case "check" -> CheckCommand.run(rest, out, err);
                case "backfill" -> BackfillCommand.run(rest, out, err);
                case "convert" -> ConvertCommand.run(rest, out, err);
                case "cloudwatch-to-csv" -> CloudWatchToCsvCommand.run(rest, out, err);
                case "soak" -> SoakCommand.run(rest, out, err);
                case "bench" -> BenchCommand.run(rest, out, err);
                case "dcr-template" -> DcrTemplateCommand.run(rest, out, err);
                case "coldstart" -> ColdStartCommand.run(rest, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }
}
