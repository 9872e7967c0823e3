package dev.sentinelforwarder.cli;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.handler.Forwarder;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.ledger.InMemoryLedger;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code soak [--objects N] [--fault-rate R] [--duplicates D] [--ledger on|off] [--workers W] [--seed S]}: objects of
 * all four types through the real forwarder, in batches of 10 from a simulated queue (redelivery of
 * failed messages, dead-letter after 5 receives), against the local S3 and a Logs Ingestion fake that
 * answers a share R of requests with 429, 503, a delay or a dropped connection. A share D of objects is
 * notified twice and a share D of messages delivered twice. Prints one JSON summary: records in the
 * sources, distinct rows accepted, rows lost (must be 0), duplicate rows accepted, quarantined, dead-lettered.
 */
final class SoakCommand {
    private static final int MAX_RECEIVES = 5;

    private SoakCommand() {
    }

    private record Message(String id, String body, int receives) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int objects = 2_000;
        double faultRate = 0.2;
        double duplicates = 0.05;
        boolean ledgerOn = true;
        int workers = 4;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--objects" -> objects = Integer.parseInt(need(value, args[i++]));
                case "--fault-rate" -> faultRate = Double.parseDouble(need(value, args[i++]));
                case "--duplicates" -> duplicates = Double.parseDouble(need(value, args[i++]));
                case "--ledger" -> ledgerOn = need(value, args[i++]).equals("on");
                case "--workers" -> workers = Integer.parseInt(need(value, args[i++]));
                case "--seed" -> seed = Long.parseLong(need(value, args[i++]));
                default -> throw new UsageException("soak: unknown argument " + args[i]);
            }
        }
        try {
            ObjectNode summary = soak(objects, faultRate, duplicates, ledgerOn, workers, seed);
            out.println(summary.toPrettyString());
            return summary.get("rows_lost").longValue() == 0 ? 0 : 1;
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            err.println("soak: " + e);
            return 1;
        }
    }

    static ObjectNode soak(int objectCount, double faultRate, double duplicateRate, boolean ledgerOn, int workers, long seed)
            throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        SplittableRandom random = new SplittableRandom(seed);
        Path root = Files.createTempDirectory("soak");
        Path bucket = Files.createDirectories(root.resolve("objects").resolve("soak-bucket"));
        Set<String> sourceIds = new HashSet<>();
        List<String> keys = new ArrayList<>();
        int badLines = 0;
        for (int i = 0; i < objectCount; i++) {
            badLines += SoakObjects.write(bucket, i, random, sourceIds, keys);
        }
        Deque<Message> queue = new ConcurrentLinkedDeque<>();
        AtomicInteger ids = new AtomicInteger();
        for (String key : keys) {
            queue.add(new Message("m" + ids.incrementAndGet(), notification(key), 0));
            if (random.nextDouble() < duplicateRate) {
                queue.add(new Message("m" + ids.incrementAndGet(), notification(key), 0)); // S3 notifies twice
            }
        }
        long started = System.nanoTime();
        List<Message> deadLetters = new ArrayList<>();
        try (LocalServices local = LocalServices.start(root.resolve("objects"))) {
            local.ingestion().randomFaults(faultRate, seed);
            Map<String, String> env = new HashMap<>(local.environment());
            env.put("TIME_MARGIN_SECONDS", "5");
            ObjectLedger ledger = ledgerOn ? new InMemoryLedger(Clock.systemUTC()) : null;
            Path quarantine = root.resolve("quarantine");
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                // One forwarder per worker, as one per Lambda container.
                Forwarder forwarder = ForwarderFactory.create(ForwarderConfig.from(env), local.services(quarantine), ledger,
                        new JsonLog(new PrintStream(OutputStream.nullOutputStream())), new Metrics(null));
                SplittableRandom workerRandom = random.split();
                running.add(pool.submit(() -> drain(queue, forwarder, workerRandom, duplicateRate, deadLetters)));
            }
            for (Future<?> future : running) {
                future.get();
            }
            pool.shutdown();
            return summary(local, sourceIds, badLines, quarantine, deadLetters, objectCount, faultRate, duplicateRate, ledgerOn,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void drain(Deque<Message> queue, Forwarder forwarder, SplittableRandom random, double duplicateRate,
            List<Message> deadLetters) {
        while (true) {
            List<Message> batch = new ArrayList<>();
            Message next;
            while (batch.size() < 10 && (next = queue.poll()) != null) {
                batch.add(new Message(next.id(), next.body(), next.receives() + 1));
            }
            if (batch.isEmpty()) {
                return;
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(batch.stream().map(m -> {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(m.id());
                message.setBody(m.body());
                message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(m.receives())));
                return message;
            }).toList());
            SQSBatchResponse response = forwarder.process(event, Deadline.after(Duration.ofSeconds(60), Clock.systemUTC()));
            Set<String> failed = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            for (Message message : batch) {
                if (failed.contains(message.id())) {
                    if (message.receives() >= MAX_RECEIVES) {
                        synchronized (deadLetters) {
                            deadLetters.add(message);
                        }
                    } else {
                        queue.add(message);
                    }
                } else if (random.nextDouble() < duplicateRate) {
                    queue.add(new Message(message.id(), message.body(), message.receives())); // SQS delivers twice
                }
            }
        }
    }

    private static ObjectNode summary(LocalServices local, Set<String> sourceIds, int badLines, Path quarantine,
            List<Message> deadLetters, int objects, double faultRate, double duplicateRate, boolean ledgerOn, Duration wall)
            throws IOException {
        long accepted = 0;
        Set<String> distinct = new HashSet<>();
        for (JsonNode row : local.ingestion().accepted().values().stream().flatMap(List::stream).toList()) {
            accepted++;
            distinct.add(SoakObjects.id(row));
        }
        long quarantined = quarantineEntries(quarantine);
        Set<String> lost = new HashSet<>(sourceIds);
        lost.removeAll(distinct);
        long faults = local.ingestion().received().stream().filter(r -> r.status() != 204).count();
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("objects", objects);
        summary.put("fault_rate", faultRate);
        summary.put("duplicate_rate", duplicateRate);
        summary.put("ledger", ledgerOn);
        summary.put("records_in_sources", sourceIds.size() + badLines);
        summary.put("rows_in_sources", sourceIds.size());
        summary.put("distinct_rows_accepted", distinct.size());
        summary.put("rows_lost", lost.size());
        summary.put("duplicate_rows_accepted", accepted - distinct.size());
        summary.put("duplicate_ratio", distinct.isEmpty() ? 0 : (double) (accepted - distinct.size()) / distinct.size());
        summary.put("records_quarantined", quarantined);
        summary.put("bad_lines_in_sources", badLines);
        summary.put("messages_to_dlq", deadLetters.size());
        summary.put("requests", local.ingestion().received().size());
        summary.put("requests_faulted", faults);
        summary.put("wall_s", wall.toMillis() / 1000.0);
        return summary;
    }

    private static long quarantineEntries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long entries = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    entries += new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
                }
            }
        }
        return entries;
    }

    private static String notification(String key) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"soak-bucket\"},\"object\":{\"key\":\""
                + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/") + "\"}}}]}";
    }

    private static String need(String value, String option) {
        if (value == null) {
            throw new UsageException("soak: " + option + " needs a value");
        }
        return value;
    }

    /** The generated objects: every row carries an id that is unique across the run. */
    static final class SoakObjects {
        private SoakObjects() {
        }

        /** Writes object {@code i}; returns how many deliberately bad lines it holds. */
        static int write(Path bucket, int i, SplittableRandom random, Set<String> ids, List<String> keys) throws IOException {
            int records = 1 + random.nextInt(40);
            StringBuilder text = new StringBuilder();
            String key;
            int bad = 0;
            switch (i % 4) {
                case 0 -> {
                    key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/soak-" + i + ".json.gz";
                    text.append("{\"Records\":[");
                    for (int r = 0; r < records; r++) {
                        String id = new UUID(i, r).toString();
                        ids.add(id);
                        text.append(r == 0 ? "" : ",").append("{\"eventVersion\":\"1.10\",\"eventTime\":\"2026-11-22T10:00:00Z\","
                                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventID\":\"").append(id)
                                .append("\",\"requestParameters\":{\"bucketName\":\"b\",\"key\":\"k").append(r).append("\"}}");
                    }
                    text.append("]}");
                }
                case 1 -> {
                    key = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/soak-" + i + ".jsonl.gz";
                    for (int r = 0; r < records; r++) {
                        String id = "gd-" + i + "-" + r;
                        ids.add(id);
                        text.append("{\"schemaVersion\":\"2.0\",\"id\":\"").append(id).append("\",\"type\":\"Recon:EC2/PortProbe\","
                                + "\"severity\":5,\"updatedAt\":\"2026-11-22T10:00:00Z\",\"resource\":{},\"service\":{}}\n");
                    }
                }
                case 2 -> {
                    key = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/soak-" + i + ".log.gz";
                    text.append("version srcaddr dstaddr srcport start\n");
                    for (int r = 0; r < records; r++) {
                        String address = "10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256);
                        ids.add(address + ":" + (1000 + r));
                        text.append("5 ").append(address).append(" 10.0.0.2 ").append(1000 + r).append(" 1795341600\n");
                    }
                    if (i % 20 == 2) {
                        text.append("5 10.9.9.9\n"); // a line with too few fields: quarantined
                        bad++;
                    }
                }
                default -> {
                    key = "AWSLogs/111122223333/CloudWatch/us-east-1/soak/stream/2026/11/22/soak-" + i + ".csv.gz";
                    for (int r = 0; r < records; r++) {
                        String id = "cw-" + i + "-" + r;
                        ids.add(id);
                        text.append("2026-11-22T10:00:00.000Z,").append(id).append('\n');
                    }
                }
            }
            Path file = bucket.resolve(key);
            Files.createDirectories(file.getParent());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                gzip.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            Files.write(file, bytes.toByteArray());
            keys.add(key);
            return bad;
        }

        /** The unique id a row carries, whatever its table. */
        static String id(JsonNode row) {
            if (row.has("AwsEventId")) {
                return row.get("AwsEventId").textValue();
            }
            if (row.has("Id")) {
                return row.get("Id").textValue();
            }
            if (row.has("SrcAddr")) {
                return row.get("SrcAddr").textValue() + ":" + row.get("SrcPort").intValue();
            }
            return row.get("Message").textValue();
        }
    }
}
