package dev.sentinelforwarder.e2e;

import static dev.sentinelforwarder.ledger.ObjectLedger.Status.ALREADY_FORWARDED;
import static dev.sentinelforwarder.ledger.ObjectLedger.Status.BUSY;
import static dev.sentinelforwarder.ledger.ObjectLedger.Status.CLAIMED;
import static dev.sentinelforwarder.ledger.ObjectLedger.Status.HANDED_ON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.ManualTime;
import dev.sentinelforwarder.ledger.DynamoDbLedger;
import dev.sentinelforwarder.ledger.InMemoryLedger;
import dev.sentinelforwarder.ledger.ObjectLedger;
import dev.sentinelforwarder.local.MotoServer;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ledger's rules, the same for the DynamoDB table (on moto) and the in-memory one: one holder at a
 * time, settled records kept across attempts, a hand-on passing the claim to exactly one resume token.
 * (Sequential: moto's conditional writes are not atomic across threads, so this shows the rules, not the atomicity.)
 */
class LedgerClaimsTest {
    private static MotoServer moto;
    private static DynamoDbClient dynamoDb;
    private static int tables;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        dynamoDb = moto.dynamoDb();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        moto.close();
    }

    static Stream<Arguments> ledgers() {
        Function<Clock, ObjectLedger> dynamo = clock -> {
            String table = "ledger-" + tables++;
            MotoServer.createLedgerTable(dynamoDb, table);
            return new DynamoDbLedger(dynamoDb, table, clock);
        };
        Function<Clock, ObjectLedger> memory = InMemoryLedger::new;
        return Stream.of(Arguments.of("DynamoDB", dynamo), Arguments.of("in memory", memory));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ledgers")
    void oneHolderAtATimeAndSettledRecordsCarriedAcrossAttempts(String name, Function<Clock, ObjectLedger> make) {
        ManualTime time = new ManualTime();
        ObjectLedger ledger = make.apply(time.clock());
        ObjectRef object = new ObjectRef("b", "k", "v", 10, "e");
        Deadline deadline = time.deadlineAfter(Duration.ofMinutes(1));

        assertThat(ledger.claim(object, null, deadline, "eu")).isEqualTo(new ObjectLedger.Claim(CLAIMED, RecordRanges.NONE, "eu"));
        assertThat(ledger.claim(object, null, deadline, "eu").status()).as("held by the first").isEqualTo(BUSY);

        ledger.release(object, RecordRanges.parse("0-400"));
        assertThat(ledger.claim(object, null, deadline, "default"))
                .as("the rest goes where the first rows went, whatever the routing says by now")
                .isEqualTo(new ObjectLedger.Claim(CLAIMED, RecordRanges.parse("0-400"), "eu"));

        time.advance(Duration.ofMinutes(4)); // the holder's deadline and grace have passed: it crashed
        assertThat(ledger.claim(object, null, deadline, "default"))
                .isEqualTo(new ObjectLedger.Claim(CLAIMED, RecordRanges.parse("0-400"), "eu"));

        ledger.completed(object);
        assertThat(ledger.claim(object, null, deadline, "eu").status()).isEqualTo(ALREADY_FORWARDED);
        assertThat(ledger.claim(object, "any-token", deadline, "eu").status()).isEqualTo(ALREADY_FORWARDED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ledgers")
    void aHandOnPassesTheClaimToItsTokenOnly(String name, Function<Clock, ObjectLedger> make) {
        ManualTime time = new ManualTime();
        ObjectLedger ledger = make.apply(time.clock());
        ObjectRef object = new ObjectRef("b", "k", null, 10, null);
        Deadline deadline = time.deadlineAfter(Duration.ofMinutes(1));
        ledger.claim(object, null, deadline, "default");

        ledger.handedOn(object, RecordRanges.parse("0-100,150-200"), "token-1");

        assertThat(ledger.claim(object, null, deadline, "default").status()).as("a duplicate notification is passed over")
                .isEqualTo(HANDED_ON);
        assertThat(ledger.claim(object, "token-0", deadline, "default").status()).as("an earlier resume delivered again too")
                .isEqualTo(HANDED_ON);
        assertThat(ledger.claim(object, "token-1", deadline, "eu"))
                .isEqualTo(new ObjectLedger.Claim(CLAIMED, RecordRanges.parse("0-100,150-200"), "default"));
        assertThat(ledger.claim(object, "token-1", deadline, "default").status()).as("the same resume delivered twice waits")
                .isEqualTo(BUSY);

        ledger.handedOn(object, RecordRanges.parse("0-300"), "token-2");
        time.advance(Duration.ofHours(2)); // the hand-on's hold passed: its resume message was lost
        assertThat(ledger.claim(object, null, deadline, null))
                .isEqualTo(new ObjectLedger.Claim(CLAIMED, RecordRanges.parse("0-300"), "default"));
    }
}
