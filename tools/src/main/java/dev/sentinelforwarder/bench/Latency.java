package dev.sentinelforwarder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.local.FunctionProcess;
import dev.sentinelforwarder.local.LambdaRuntimeApi;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.local.PathStyleProxy;
import dev.sentinelforwarder.soak.SoakObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Seconds to data on this machine: an object put into moto_server's S3, its real bucket notification to SQS, a
 * poller shaped like Lambda's event source mapping (long polling, batches of up to 10, the stack's 5 s batching
 * window unless told another, a partial batch response deleting only what succeeded), the Lambda jar under the runtime client, and the
 * ingestion fake, until the object's last row is accepted. Objects go one at a time, so each row count is the
 * object's own. Not included: the ingestion service's own delay until rows can be queried.
 */
public final class Latency {
    static final String BUCKET = "latency-bucket";
    /** The stack's event source mapping: batch size and batching window. */
    static final int BATCH = 10;
    public static final Duration STACK_WINDOW = Duration.ofSeconds(5);
    static final Duration OBJECT_TIMEOUT = Duration.ofMinutes(2);

    /** One measured object: its type, records and milliseconds from PutObject to its last row accepted. */
    public record Sample(LogType type, int records, long millis) {
    }

    private Latency() {
    }

    /**
     * @param perType objects of each type and size
     * @param sizes records per object
     * @param window the event source mapping's batching window ({@link #STACK_WINDOW} as deployed)
     * @param progress told each sample as it is measured
     */
    public static List<Sample> run(int perType, List<Integer> sizes, Duration window, Path work, Consumer<Sample> progress) throws Exception {
        List<Sample> samples = new ArrayList<>();
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3(); SqsClient sqs = moto.sqs();
                LogsIngestionFake ingestion = LogsIngestionFake.start("dcr-00000000000000000000000000000000",
                        LogsIngestionFake.defaultStreams());
                PathStyleProxy proxy = PathStyleProxy.start(moto.endpoint()); LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
            String queueUrl = sqs.createQueue(r -> r.queueName("latency")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            s3.createBucket(r -> r.bucket(BUCKET));
            s3.putBucketNotificationConfiguration(r -> r.bucket(BUCKET).notificationConfiguration(n -> n.queueConfigurations(
                    q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
            AtomicLong accepted = new AtomicLong();
            AtomicLong lastAccepted = new AtomicLong();
            ingestion.observeAccepted((stream, row) -> {
                lastAccepted.set(System.nanoTime());
                accepted.incrementAndGet();
            });
            Map<String, String> env = new HashMap<>(ingestion.clientSecretSettings());
            env.putAll(Map.of("ALLOWED_BUCKETS", BUCKET, "AWS_ENDPOINT_URL_S3", proxy.endpoint(),
                    "AWS_ENDPOINT_URL_SQS", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_REGION", "us-east-1"));
            Path trustStore = work.toAbsolutePath().resolve("trust.p12");
            ingestion.writeTrustStore(trustStore);
            Path hosts = Files.writeString(work.toAbsolutePath().resolve("hosts"), "127.0.0.1 localhost " + BUCKET + ".localhost\n");
            AtomicBoolean running = new AtomicBoolean(true);
            try (FunctionProcess function = FunctionProcess.start(FunctionProcess.lambdaJar(), FunctionProcess.runtime(),
                    "dev.sentinelforwarder.handler.ForwarderHandler::handleRequest", api, env,
                    List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit",
                            "-Djdk.net.hosts.file=" + hosts), work)) {
                Thread poller = Thread.ofPlatform().daemon().start(() -> poll(sqs, queueUrl, queueArn, window, api, running));
                SplittableRandom random = new SplittableRandom(17);
                Path objects = Files.createDirectories(work.resolve("objects"));
                int index = 2; // objects 0 and 1 of every ten may hold a bad line (SoakObjects): start past them
                for (int records : sizes) {
                    for (LogType type : List.of(LogType.CLOUDTRAIL, LogType.GUARDDUTY, LogType.VPCFLOW, LogType.CLOUDWATCH)) {
                        for (int n = 0; n < perType; n++) {
                            index = next(index, type);
                            SoakObjects.Generated object = SoakObjects.write(objects, index, records, random);
                            long target = accepted.get() + object.records();
                            long put = System.nanoTime();
                            s3.putObject(r -> r.bucket(BUCKET).key(object.key()), RequestBody.fromFile(objects.resolve(object.key())));
                            while (accepted.get() < target) {
                                if (System.nanoTime() - put > OBJECT_TIMEOUT.toNanos() || !function.isAlive()) {
                                    throw new IllegalStateException(object.key() + ": " + (accepted.get() - target + object.records())
                                            + " of " + object.records() + " rows accepted after " + OBJECT_TIMEOUT + "\n" + function.output());
                                }
                                Thread.sleep(2);
                            }
                            Sample sample = new Sample(type, records, (lastAccepted.get() - put) / 1_000_000);
                            samples.add(sample);
                            progress.accept(sample);
                            index++;
                        }
                    }
                }
                running.set(false);
                poller.join(Duration.ofSeconds(25).toMillis());
            }
        }
        return samples;
    }

    /** The next object number at or after {@code from} that SoakObjects writes as {@code type} with no bad line. */
    private static int next(int from, LogType type) {
        int index = from;
        while (index % 4 != List.of(LogType.CLOUDTRAIL, LogType.GUARDDUTY, LogType.VPCFLOW, LogType.CLOUDWATCH).indexOf(type)
                || index % 10 < 2) {
            index++;
        }
        return index;
    }

    /**
     * Lambda's event source mapping, in small: long polls, gathers up to {@link #BATCH} messages for at most
     * {@code window} from the first, invokes, then deletes the messages the batch response does not name.
     */
    private static void poll(SqsClient sqs, String queueUrl, String queueArn, Duration window, LambdaRuntimeApi api,
            AtomicBoolean running) {
        while (running.get()) {
            List<Message> batch = new ArrayList<>();
            long first = 0;
            while (batch.size() < BATCH && running.get()) {
                int wait = batch.isEmpty() ? 1 : (int) Math.max(0, (window.toNanos() - (System.nanoTime() - first)) / 1_000_000_000L);
                List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(BATCH - batch.size())
                        .waitTimeSeconds(wait)).messages();
                if (batch.isEmpty() && !got.isEmpty()) {
                    first = System.nanoTime();
                }
                batch.addAll(got);
                if (!batch.isEmpty() && (System.nanoTime() - first >= window.toNanos() || got.isEmpty() && wait == 0)) {
                    break;
                }
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                LambdaRuntimeApi.Result result = LambdaRuntimeApi.await(api.invoke(event(batch, queueArn), Duration.ofMinutes(5)),
                        Duration.ofMinutes(6));
                List<String> failed = new ArrayList<>();
                if (!result.isError()) {
                    Json.mapper().readTree(result.body()).path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
                }
                for (Message message : batch) {
                    if (!result.isError() && !failed.contains(message.messageId())) {
                        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    }
                }
            } catch (Exception e) {
                // the messages come back after their visibility timeout, as with Lambda
            }
        }
    }

    /** The SQS event Lambda's event source mapping passes, for these messages. */
    private static String event(List<Message> messages, String queueArn) {
        ObjectNode event = Json.mapper().createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle()).put("body", m.body())
                    .put("md5OfBody", m.md5OfBody()).put("eventSource", "aws:sqs").put("eventSourceARN", queueArn)
                    .put("awsRegion", "us-east-1");
            record.putObject("attributes").put("ApproximateReceiveCount", "1").put("SentTimestamp",
                    Long.toString(System.currentTimeMillis()));
            record.putObject("messageAttributes");
        }
        return event.toString();
    }

    /** p50, p95 and max of each type and size, as JSON lines. */
    public static List<JsonNode> summary(List<Sample> samples) {
        List<JsonNode> lines = new ArrayList<>();
        samples.stream().map(s -> s.type() + "/" + s.records()).distinct().forEach(group -> {
            List<Long> ms = samples.stream().filter(s -> (s.type() + "/" + s.records()).equals(group)).map(Sample::millis).sorted().toList();
            Sample any = samples.stream().filter(s -> (s.type() + "/" + s.records()).equals(group)).findFirst().orElseThrow();
            lines.add(Json.mapper().createObjectNode().put("type", any.type().id()).put("records", any.records())
                    .put("objects", ms.size()).put("p50_ms", percentile(ms, 50)).put("p95_ms", percentile(ms, 95))
                    .put("max_ms", ms.getLast()));
        });
        return lines;
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
