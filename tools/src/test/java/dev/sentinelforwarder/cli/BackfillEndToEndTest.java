package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.handler.ForwarderFactory;
import dev.sentinelforwarder.handler.Services;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.local.LocalServices;
import dev.sentinelforwarder.local.LogsIngestionFake;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.queue.SqsMessageQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Backfill on moto_server: a bucket of objects across days -> {@code backfill} -> the real queue -> the forwarder
 * with its DynamoDB ledger -> rows accepted by the ingestion fake, counted exactly; then resume and dry run.
 */
class BackfillEndToEndTest {
    private static final Path SAMPLES = Path.of("..", "samples", "objects", "example-log-bucket");
    private static final String TRAIL_SAMPLE =
            "AWSLogs/111122223333/CloudTrail/us-east-1/2024/08/02/111122223333_CloudTrail_us-east-1_20240802T0900Z_stratusRedTeam.json.gz";
    private static final String GUARDDUTY = "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/5e0c1c2d-7c1e-3a8b-9b1e-4d9f1a2b3c4d.jsonl.gz";
    private static final String HIVE_FLOW = "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/"
            + "year=2026/month=11/day=22/hour=10/111122223333_vpcflowlogs_us-east-1_fl-0f9e8d7c6b5a49382_20261122T1000Z_1a2b3c4d.log.gz";
    private static final int TRAIL_ROWS = 21;
    private static final String HISTORY = "history-bucket";

    private MotoServer moto;
    private S3Client s3;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;
    private LogsIngestionFake ingestion;
    private String queueUrl;
    private String queueArn;
    private Forwarder forwarder;
    private final Metrics metrics = new Metrics(null);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        moto = MotoServer.start();
        s3 = moto.s3();
        sqs = moto.sqs();
        dynamoDb = moto.dynamoDb();
        ingestion = LogsIngestionFake.start(LocalServices.DCR_IMMUTABLE_ID, LogsIngestionFake.defaultStreams());
        queueUrl = sqs.createQueue(r -> r.queueName("sentinel-forwarder")).queueUrl();
        queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        MotoServer.createLedgerTable(dynamoDb, "forwarded-objects");
        s3.createBucket(r -> r.bucket(HISTORY));
        for (String day : List.of("2026/10/30", "2026/10/31", "2026/11/01")) {
            put(HISTORY, trailKey(day), TRAIL_SAMPLE);
        }
        put(HISTORY, GUARDDUTY, GUARDDUTY);
        put(HISTORY, HIVE_FLOW, HIVE_FLOW);
        put(HISTORY, "sentinel-forwarder-quarantine/" + GUARDDUTY + "/0.ndjson.gz", GUARDDUTY);

        Map<String, String> env = new HashMap<>(ingestion.clientSecretSettings());
        env.putAll(Map.of("ALLOWED_BUCKETS", HISTORY + ",live-bucket", "LEDGER_TABLE", "forwarded-objects"));
        forwarder = ForwarderFactory.create(ForwarderConfig.from(env), Services.of(s3, () -> null,
                        new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ingestion.clientSslContext())).build(),
                        new SqsMessageQueue(sqs)).withDynamoDb(() -> dynamoDb),
                new JsonLog(new PrintStream(new ByteArrayOutputStream())), metrics);
    }

    @AfterEach
    void stop() {
        ingestion.close();
        s3.close();
        sqs.close();
        dynamoDb.close();
        moto.close();
    }

    @Test
    void aDateRangeOfHistoryArrivesOnceAndAResumedRunSendsNothingTwice() {
        // A dry run lists and estimates, and sends nothing.
        assertThat(backfill("--dry-run", "--since", "2026-10-30", "--until", "2026-10-31")).isZero();
        assertThat(out()).contains("s3://" + HISTORY + "/: 2 objects").contains("estimated from 2 sampled objects")
                .contains(": " + 2 * TRAIL_ROWS + " rows, 2 requests\n");
        assertThat(receiveAll()).isEmpty();

        // The two days, whole (--until names the last day): 11/01 and the later objects are outside.
        assertThat(backfill("--queue", queueUrl, "--since", "2026-10-30", "--until", "2026-10-31")).isZero();
        assertThat(out()).contains("sent 2 notifications");
        forward(receiveAll(), 2);
        assertThat(ingestion.accepted("AWSCloudTrail")).hasSize(2 * TRAIL_ROWS);

        // From a day on, by key date: the Hive-partitioned flow log and GuardDuty, never the quarantine object.
        assertThat(backfill("--queue", queueUrl, "--since", "2026-11-22")).isZero();
        forward(receiveAll(), 2);
        assertThat(ingestion.accepted("AWSVPCFlow")).hasSize(3);
        assertThat(ingestion.accepted("AWSGuardDuty")).hasSize(3);

        // Resumed after 10/30's key over a range that overlaps what was forwarded: 10/31 is passed over, 11/01 sent once.
        assertThat(backfill("--queue", queueUrl, "--since", "2026-10-30", "--until", "2026-11-01",
                "--start-after", trailKey("2026/10/30"))).isZero();
        forward(receiveAll(), 2);
        assertThat(ingestion.accepted("AWSCloudTrail")).hasSize(3 * TRAIL_ROWS);
        assertThat(metrics.totals().get("All")).containsEntry("DuplicatesSkipped", 1.0);
        assertThat(metrics.totals().get("AWSCloudTrail")).containsEntry("Rows", 3.0 * TRAIL_ROWS);
    }

    @Test
    void anObjectForwardedFromItsRealNotificationIsPassedOverWhenBackfilled() {
        s3.createBucket(r -> r.bucket("live-bucket"));
        s3.putBucketNotificationConfiguration(r -> r.bucket("live-bucket").notificationConfiguration(n -> n.queueConfigurations(
                q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
        put("live-bucket", GUARDDUTY, GUARDDUTY);
        forward(receiveAll(), 2); // the s3:TestEvent and the object's own notification

        assertThat(backfill("--bucket", "live-bucket", "--queue", queueUrl)).isZero();
        forward(receiveAll(), 1);

        assertThat(ingestion.accepted("AWSGuardDuty")).as("sent once: the ledger knows the object by the same identity")
                .hasSize(3);
        assertThat(metrics.totals().get("All")).containsEntry("DuplicatesSkipped", 1.0);
    }

    @Test
    void aQueueThatRefusesStopsTheRunAndSaysWhereToGoOn() {
        String missing = queueUrl.replace("sentinel-forwarder", "no-such-queue");

        assertThat(backfill("--queue", missing, "--since", "2026-10-31")).isEqualTo(1);

        assertThat(out()).contains("stopped before any notification was sent: run the same command again");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("stopped: ");
    }

    @Test
    void refusesBadOptions() {
        assertThat(backfill("--queue", queueUrl, "--since", "yesterday")).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("'yesterday' is neither a day (2026-11-01) nor an instant");
        assertThat(backfill("--queue", queueUrl, "--rate", "1000")).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--rate must be objects per second above 0 and at most 200");
        assertThat(backfill("--queue", queueUrl, "--since", "2026-11-02", "--until", "2026-11-01")).isEqualTo(2);
        assertThat(receiveAll()).isEmpty();
    }

    /** Runs the command against moto; {@code --bucket history-bucket} unless given. */
    private int backfill(String... args) {
        List<String> all = new ArrayList<>(List.of("backfill"));
        all.addAll(List.of(args));
        if (!all.contains("--bucket")) {
            all.addAll(List.of("--bucket", HISTORY));
        }
        stdout.reset();
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return Main.run(all.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8), err,
                List.of(new BackfillCommand(s3, sqs, false)));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private void forward(List<SQSEvent.SQSMessage> messages, int expected) {
        assertThat(messages).hasSize(expected);
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        assertThat(forwarder.process(event, Deadline.after(Duration.ofMinutes(5), Clock.systemUTC())).getBatchItemFailures()).isEmpty();
        for (SQSEvent.SQSMessage message : messages) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle()));
        }
    }

    /** Every message in the queue now (moto makes sent messages visible at once). */
    private List<SQSEvent.SQSMessage> receiveAll() {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : received) {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(m.messageId());
                message.setReceiptHandle(m.receiptHandle());
                message.setBody(m.body());
                message.setEventSource("aws:sqs");
                message.setEventSourceArn(queueArn);
                messages.add(message);
            }
        } while (!received.isEmpty());
        return messages;
    }

    private static String trailKey(String day) {
        return "AWSLogs/111122223333/CloudTrail/us-east-1/" + day + "/111122223333_CloudTrail_us-east-1_"
                + day.replace("/", "") + "T0900Z_stratusRedTeam.json.gz";
    }

    private void put(String bucket, String key, String sample) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(SAMPLES.resolve(sample)));
    }
}
