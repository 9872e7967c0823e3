package dev.sentinelforwarder.soak;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.ledger.DynamoDbLedger;
import dev.sentinelforwarder.ledger.InMemoryLedger;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.metrics.MetricNames;
import dev.sentinelforwarder.notification.Notification;
import dev.sentinelforwarder.notification.NotificationParser;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.quarantine.FolderQuarantineStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A soak of the real forwarder: generated objects of all four types go through {@code workers} forwarders
 * (one per Lambda container) fed by a simulated SQS queue the way Lambda's event source mapping feeds
 * them (batches of ten, partial batch responses deleting only what succeeded, redelivery after the
 * visibility timeout, the dead-letter queue after five receives, resume messages with their delays),
 * against the local S3 and a Logs Ingestion fake that answers with outages, hangs, slow accepts and
 * passing faults, and with the ledger in DynamoDB (moto_server), in memory or off. A second tenant's objects go to a
 * workspace of their own, which hangs (takes requests and never answers) for the first {@code hangDestinationFor} of the
 * run; some objects name no account in their key; one flow log in a hundred is a Parquet bomb. It accounts for every
 * source record: accepted once, more than once, quarantined, lost, or in the wrong workspace.
 */
public final class Soak {
    /** Receives before a message goes to the dead-letter queue, as the CDK app's queue. */
    static final int MAX_RECEIVES = 5;
    /** A run that has not drained the queue by then is stopped and reported. */
    static final Duration WATCHDOG = Duration.ofMinutes(45);

    /**
     * @param ledger {@code dynamodb} (moto_server), {@code memory} or {@code off}
     * @param duplicates share of objects notified twice, and of messages delivered twice
     * @param timeout each invocation's time (the function timeout)
     */
    public record Options(int objects, int maxRecords, int workers, String ledger, double duplicates, Duration timeout,
            SoakFaults.Plan faults, Duration hangDestinationFor, long seed) {
    }

    /** The second tenant's data collection rule, in a workspace of its own. */
    static final String TENANT_B_RULE = "dcr-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private Soak() {
    }

    public static ObjectNode run(Options options) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(options.seed());
        Path root = Files.createTempDirectory("soak");
        Path bucket = Files.createDirectories(root.resolve("objects").resolve(SoakObjects.BUCKET));
        List<SoakObjects.Generated> objects = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < options.objects(); i++) {
            SoakObjects.Generated object = SoakObjects.write(bucket, i, SoakObjects.recordsOf(random, options.maxRecords()), random);
            objects.add(object);
            bytes += object.bytes();
        }
        SimulatedQueue queue = new SimulatedQueue(options.timeout().multipliedBy(6), MAX_RECEIVES);
        for (SoakObjects.Generated object : objects) {
            queue.put(notification(object.key()));
            if (random.nextDouble() < options.duplicates()) {
                queue.put(notification(object.key())); // S3 notifies twice
            }
        }
        SoakTally tally = new SoakTally();
        tally.expect(objects);
        SoakFaults faults = new SoakFaults(options.faults(), options.seed());
        Path quarantine = root.resolve("quarantine");
        try (LocalServices local = LocalServices.start(root.resolve("objects")); Ledger ledger = Ledger.start(options.ledger());
                LogsIngestionFake tenantB = LogsIngestionFake.startInTenantOf(local.ingestion(), TENANT_B_RULE)) {
            local.ingestion().faultPlan(faults);
            local.ingestion().observeAccepted((stream, row) -> tally.accepted("default", row));
            tenantB.faultPlan(faults);
            tenantB.observeAccepted((stream, row) -> tally.accepted(SoakObjects.DESTINATION_B, row));
            if (!options.hangDestinationFor().isZero()) {
                tenantB.hangRule(TENANT_B_RULE);
                Thread.ofVirtual().start(() -> {
                    sleep(options.hangDestinationFor().toMillis());
                    tenantB.answerNormally(TENANT_B_RULE);
                });
            }
            Map<String, String> env = new HashMap<>(local.environment());
            env.put("DESTINATIONS", "[{\"name\":\"" + SoakObjects.DESTINATION_B + "\",\"endpoint\":\"" + tenantB.endpoint()
                    + "\",\"rules\":[\"" + TENANT_B_RULE + "\"]}]");
            env.put("DESTINATION_RULES", "[{\"to\":\"" + SoakObjects.DESTINATION_B + "\",\"account\":\"" + SoakObjects.TENANT_B + "\"}]");
            env.put("ROUTING_RULES", "[{\"prefix\":\"" + SoakObjects.KEYLESS_PREFIX + "\",\"type\":\"vpcflow\"}]");
            if (options.faults().refusingRule() != null) {
                // Two rules behind one endpoint, as a data collection endpoint serves them: the second refuses for a while.
                local.ingestion().addRule(options.faults().refusingRule());
                env.put("DCR_IMMUTABLE_ID", LocalServices.DCR_IMMUTABLE_ID + "," + options.faults().refusingRule());
            }
            env.put("TIME_MARGIN_SECONDS", "20");
            env.put("HEARTBEAT_SECONDS", "5");
            env.put("RETRY_DELAY_SECONDS", "1");
            ForwarderConfig config = ForwarderConfig.from(env);
            Metrics metrics = new Metrics(null);
            Invocations invocations = new Invocations();
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(options.workers());
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < options.workers(); w++) {
                Services base = local.services(quarantine);
                Services services = new Services(base.s3(), base.secretsManager(), base.azureHttp(), new FolderQuarantineStore(quarantine),
                        queue, () -> null, base.sts());
                Forwarder forwarder = ForwarderFactory.create(config, services, ledger.make(), new JsonLog(new PrintStream(
                        OutputStream.nullOutputStream())), metrics);
                SplittableRandom workerRandom = random.split();
                running.add(pool.submit(() -> container(queue, forwarder, options, workerRandom, invocations, started)));
            }
            for (Future<?> future : running) {
                future.get();
            }
            pool.shutdown();
            tally.quarantine(quarantine);
            Set<Integer> inDeadLetterQueue = new HashSet<>();
            queue.deadLetters().forEach(m -> inDeadLetterQueue.addAll(objectsOf(m.body())));
            SoakTally.Account account = tally.account(objects, inDeadLetterQueue);
            return summary(options, objects.size(), bytes, account, queue, invocations, faults, local, tenantB, metrics,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a soak worker failed", e.getCause());
        }
    }

    /** Counts of the simulated Lambda invocations. */
    private static final class Invocations {
        final AtomicLong count = new AtomicLong();
        final AtomicLong overrun = new AtomicLong();
        final AtomicInteger messagesFailed = new AtomicInteger();
        final AtomicInteger duplicateDeliveries = new AtomicInteger();
        volatile boolean stopped;
    }

    /** One Lambda container: receive a batch, invoke, delete what succeeded; until the queue is drained. */
    private static void container(SimulatedQueue queue, Forwarder forwarder, Options options, SplittableRandom random,
            Invocations invocations, long started) {
        while (true) {
            if (System.nanoTime() - started > WATCHDOG.toNanos()) {
                invocations.stopped = true;
                return;
            }
            List<SimulatedQueue.Message> batch = queue.receive(10);
            if (batch.isEmpty()) {
                if (queue.drained()) {
                    return;
                }
                sleep(20);
                continue;
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(batch.stream().map(m -> {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(m.id());
                message.setBody(m.body());
                message.setReceiptHandle(m.receipt());
                message.setEventSource("aws:sqs");
                message.setEventSourceArn(SimulatedQueue.ARN);
                message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(m.receives())));
                return message;
            }).toList());
            long began = System.nanoTime();
            SQSBatchResponse response = forwarder.process(event, Deadline.after(options.timeout(), Clock.systemUTC()));
            invocations.count.incrementAndGet();
            if (System.nanoTime() - began > options.timeout().toNanos()) {
                invocations.overrun.incrementAndGet(); // Lambda would have ended it: no response, every message comes back
                continue;
            }
            Set<String> failed = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            invocations.messagesFailed.addAndGet(failed.size());
            for (SimulatedQueue.Message message : batch) {
                if (!failed.contains(message.id())) {
                    queue.delete(message.receipt());
                    if (random.nextDouble() < options.duplicates()) {
                        queue.put(message.body()); // SQS delivers a message twice
                        invocations.duplicateDeliveries.incrementAndGet();
                    }
                }
            }
        }
    }

    private static ObjectNode summary(Options options, int objects, long bytes, SoakTally.Account account, SimulatedQueue queue,
            Invocations invocations, SoakFaults faults, LocalServices local, LogsIngestionFake tenantB, Metrics metrics, Duration wall) {
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("objects", objects);
        summary.put("bytes_gzip", bytes);
        summary.put("ledger", options.ledger());
        summary.put("workers", options.workers());
        summary.put("duplicate_rate", options.duplicates());
        summary.put("rows_in_sources", account.rowsInSources());
        summary.put("bad_lines_in_sources", account.badLinesInSources());
        summary.put("distinct_rows_accepted", account.distinctRowsAccepted());
        summary.put("rows_lost", account.rowsLost());
        summary.put("duplicate_rows_accepted", account.duplicateRowsAccepted());
        summary.put("duplicate_ratio", account.distinctRowsAccepted() == 0 ? 0
                : (double) account.duplicateRowsAccepted() / account.distinctRowsAccepted());
        summary.put("rows_quarantined", account.rowsQuarantined());
        summary.put("bad_lines_quarantined", account.badLinesQuarantined());
        summary.put("quarantine_entries", account.quarantineEntries());
        summary.put("records_in_dlq_messages", account.recordsInDeadLetterQueue());
        summary.put("messages_to_dlq", queue.deadLetters().size());
        summary.put("messages_sent", queue.sent());
        summary.put("messages_failed", invocations.messagesFailed.get());
        summary.put("hand_ons", (long) metrics.totals().getOrDefault(MetricNames.ALL, Map.of()).getOrDefault("ObjectsHandedOn", 0.0).doubleValue());
        summary.put("duplicates_skipped", (long) metrics.totals().getOrDefault(MetricNames.ALL, Map.of()).getOrDefault("DuplicatesSkipped", 0.0)
                .doubleValue());
        summary.put("invocations", invocations.count.get());
        summary.put("invocations_overrun", invocations.overrun.get());
        summary.put("requests", local.ingestion().received().size() + tenantB.received().size());
        summary.put("requests_hung", tenantB.received().stream().filter(r -> "InjectedHang".equals(r.errorCode())).count());
        summary.set("faults", Json.mapper().valueToTree(faults.counts()));
        summary.put("strange_rows", account.strangeRows());
        summary.put("rows_in_wrong_workspace", account.rowsInWrongWorkspace());
        summary.put("keyless_resumes", queue.resumesOfKeyless());
        summary.put("stopped_by_watchdog", invocations.stopped);
        summary.put("wall_s", wall.toMillis() / 1000.0);
        return summary;
    }

    /** True when the run kept the guarantee: nothing lost, no overrun, drained, nothing in the wrong workspace; with the ledger, nothing twice. */
    public static boolean passed(ObjectNode summary) {
        return summary.get("rows_lost").longValue() == 0 && summary.get("invocations_overrun").longValue() == 0
                && !summary.get("stopped_by_watchdog").booleanValue() && summary.get("strange_rows").longValue() == 0
                && summary.get("rows_in_wrong_workspace").longValue() == 0
                && (summary.get("ledger").textValue().equals("off") || summary.get("duplicate_rows_accepted").longValue() == 0);
    }

    private static String notification(String key) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + SoakObjects.BUCKET
                + "\"},\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/") + "\"}}}]}";
    }

    /** The soak objects a message names (a notification or a resume message). */
    private static List<Integer> objectsOf(String body) {
        List<Integer> found = new ArrayList<>();
        try {
            for (Notification notification : NotificationParser.parse(body)) {
                switch (notification) {
                    case Notification.ObjectCreated created -> found.add(SoakObjects.objectOf(created.object().key()));
                    case Notification.ResumeObject resume -> found.add(SoakObjects.objectOf(resume.resume().object().key()));
                    default -> {
                    }
                }
            }
        } catch (Exception e) {
            // not a message of ours
        }
        return found;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the forwarders' ledger lives for the run. */
    private static final class Ledger implements AutoCloseable {
        private final String kind;
        private final MotoServer moto;
        private final DynamoDbClient dynamoDb;
        private final InMemoryLedger memory = new InMemoryLedger(Clock.systemUTC());

        private Ledger(String kind, MotoServer moto, DynamoDbClient dynamoDb) {
            this.kind = kind;
            this.moto = moto;
            this.dynamoDb = dynamoDb;
        }

        static Ledger start(String kind) throws IOException, InterruptedException {
            if (!kind.equals("dynamodb")) {
                return new Ledger(kind, null, null);
            }
            MotoServer moto = MotoServer.start();
            DynamoDbClient dynamoDb = moto.dynamoDb();
            MotoServer.createLedgerTable(dynamoDb, "soak-ledger");
            return new Ledger(kind, moto, dynamoDb);
        }

        /** The ledger for one container, or null when off. */
        ObjectLedger make() {
            return switch (kind) {
                case "dynamodb" -> new DynamoDbLedger(dynamoDb, "soak-ledger", Clock.systemUTC());
                case "memory" -> memory;
                default -> null;
            };
        }

        @Override
        public void close() {
            if (moto != null) {
                dynamoDb.close();
                moto.close();
            }
        }
    }
}
