package dev.sentinelforwarder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.sentinelforwarder.clock.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each answer of the ingestion API means: one table, the one place it is decided. */
class RetryPolicyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final Deadline PLENTY = Deadline.after(Duration.ofMinutes(5), CLOCK);
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), new SplittableRandom(1));
    /** Of a forwarder of several rules. */
    private final RetryPolicy sharded = new RetryPolicy(Duration.ofSeconds(10), new SplittableRandom(1), true, false);

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments(new SendOutcome.Accepted(10, 100), false, "Accept"),
                arguments(failed(400, "InvalidPayload", null), false, "Split"),
                arguments(failed(413, "ContentLengthLimitExceeded", null), false, "Split"),
                arguments(failed(400, "InvalidStream", null), false, "GiveUp rule"),
                arguments(failed(400, "InvalidApiVersion", null), false, "GiveUp rule"),
                arguments(failed(401, "InvalidToken", null), false, "RenewCredentials"),
                arguments(failed(401, "InvalidToken", null), true, "GiveUp all"),
                arguments(failed(0, RetryPolicy.CREDENTIALS_REFUSED, null), false, "RenewCredentials"),
                arguments(failed(0, RetryPolicy.CREDENTIALS_REFUSED, null), true, "GiveUp all"),
                arguments(failed(0, RetryPolicy.CREDENTIALS_INVALID, null), false, "GiveUp all"),
                arguments(failed(0, RetryPolicy.AWS_CREDENTIALS_MISSING, null), false, "GiveUp all"),
                arguments(failed(0, RetryPolicy.AWS_UNREACHABLE, null), false, "Retry"),
                arguments(failed(403, "OperationFailed", null), false, "GiveUp rule"),
                arguments(failed(404, "NotFound", null), false, "GiveUp rule"),
                arguments(failed(409, "Conflict", null), false, "GiveUp rule"),
                arguments(failed(501, "", null), false, "GiveUp rule"),
                arguments(failed(505, "", null), false, "GiveUp rule"),
                arguments(failed(408, "", null), false, "Retry"),
                arguments(failed(429, "TooManyRequests", Duration.ofSeconds(3)), false, "Retry"),
                arguments(failed(500, "", null), false, "Retry"),
                arguments(failed(502, "", null), false, "Retry"),
                arguments(failed(503, "", null), false, "Retry"),
                arguments(failed(504, "", null), false, "Retry"),
                arguments(failed(507, "", null), false, "Retry"),
                arguments(failed(0, "HttpTimeoutException", null), false, "Retry"),
                arguments(failed(0, "ConnectException", null), false, "Retry"));
    }

    @org.junit.jupiter.api.Test
    void anIdentityEntraDoesNotKnowYetIsWaitedForUnlessOtherIdentitiesCanGoOn() {
        SendOutcome unmatched = failed(0, RetryPolicy.FEDERATION_UNMATCHED, null);
        RetryPolicy severalIdentities = new RetryPolicy(Duration.ofSeconds(10), new SplittableRandom(1), true, true);

        for (int retries = 0; retries < 20; retries++) {
            assertThat(sharded.judge(unmatched, retries, false, PLENTY)).as("one identity: wait, there is nothing else to send")
                    .isEqualTo(new Verdict.Retry(RetryPolicy.FEDERATION_RETRY_DELAY));
        }
        assertThat(severalIdentities.judge(unmatched, 0, false, PLENTY)).isEqualTo(new Verdict.Retry(RetryPolicy.FEDERATION_RETRY_DELAY));
        assertThat(severalIdentities.judge(unmatched, 1, false, PLENTY)).isEqualTo(new Verdict.Retry(RetryPolicy.FEDERATION_RETRY_DELAY));
        assertThat(severalIdentities.judge(unmatched, RetryPolicy.MAX_FEDERATION_ATTEMPTS - 1, false, PLENTY))
                .isInstanceOfSatisfying(Verdict.GiveUp.class, giveUp -> assertThat(giveUp.scope()).isEqualTo(FailureScope.ALL));
    }

    @ParameterizedTest(name = "{0} (renewed: {1}) -> {2}")
    @MethodSource("answers")
    void judgesEachAnswer(SendOutcome outcome, boolean renewed, String expected) {
        Verdict verdict = policy.judge(outcome, 0, renewed, PLENTY);

        String kind = verdict.getClass().getSimpleName() + (verdict instanceof Verdict.GiveUp giveUp && giveUp.scope() != FailureScope.REQUEST
                ? " " + giveUp.scope().name().toLowerCase(java.util.Locale.ROOT) : "");
        assertThat(kind).isEqualTo(expected);
    }

    @Test
    void retryAfterIsHonouredAndBelowTheBackoffFloorStillBacksOff() {
        for (int retry = 0; retry < RetryPolicy.MAX_UNAVAILABLE - 1; retry++) {
            long floor = RetryPolicy.FIRST_DELAY.toMillis() << retry;
            Duration zero = ((Verdict.Retry) policy.judge(failed(503, "", Duration.ZERO), retry, false, PLENTY)).delay();
            assertThat(zero.toMillis()).as("retry %d", retry).isBetween(floor / 2, floor);
        }
        Duration asked = ((Verdict.Retry) policy.judge(failed(429, "", Duration.ofSeconds(20)), 0, false, PLENTY)).delay();
        assertThat(asked).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aRequestThrottledFiveTimesGivesUpForItselfAndOneThatGetsNoGoodAnswerFiveTimesForItsRule() {
        for (int retry = 0; retry < RetryPolicy.MAX_THROTTLED - 1; retry++) {
            assertThat(policy.judge(failed(429, "", Duration.ofSeconds(1)), retry, false, PLENTY)).as("retry %d", retry)
                    .isInstanceOf(Verdict.Retry.class);
        }
        assertThat(policy.judge(failed(429, "", Duration.ofSeconds(1)), RetryPolicy.MAX_THROTTLED - 1, false, PLENTY))
                .isEqualTo(new Verdict.GiveUp("the data collection rule answered 429 5 times: it is over its limits", FailureScope.REQUEST));
        assertThat(sharded.judge(failed(503, "", null), RetryPolicy.MAX_UNAVAILABLE - 2, false, PLENTY)).isInstanceOf(Verdict.Retry.class);
        assertThat(policy.judge(failed(503, "", null), 20, false, PLENTY)).as("one rule: the outage is waited out")
                .isInstanceOf(Verdict.Retry.class);
        assertThat(sharded.judge(failed(503, "", null), RetryPolicy.MAX_UNAVAILABLE - 1, false, PLENTY))
                .isEqualTo(new Verdict.GiveUp("the data collection rule's endpoint gave no good answer in 5 attempts (the last: 503): it is down", FailureScope.RULE));
        assertThat(sharded.judge(failed(0, "ConnectException", null), RetryPolicy.MAX_UNAVAILABLE - 1, false, PLENTY))
                .isEqualTo(new Verdict.GiveUp("the data collection rule's endpoint gave no good answer in 5 attempts (the last: none): it is down",
                        FailureScope.RULE));
    }

    @Test
    void noRetryThatWouldNotLeaveAWholeAttemptBeforeTheDeadline() {
        Deadline soon = Deadline.after(Duration.ofSeconds(16), CLOCK);

        assertThat(policy.judge(failed(503, "", null), 0, false, soon)).isInstanceOf(Verdict.Retry.class);
        assertThat(policy.judge(failed(429, "", Duration.ofSeconds(2)), 0, false, soon))
                .isEqualTo(new Verdict.GiveUp("no time left in this invocation for another attempt", FailureScope.REQUEST));
        assertThat(policy.attemptTimeout(soon)).isEqualTo(Duration.ofSeconds(6));
        assertThat(policy.attemptFits(soon)).isTrue();
        assertThat(policy.attemptFits(Deadline.after(Duration.ofSeconds(14), CLOCK))).isFalse();
        assertThat(policy.attemptTimeout(PLENTY)).isEqualTo(RetryPolicy.MAX_ATTEMPT);
    }

    @Test
    void noAnswerStopsItsDestinationAtTheFirstAttemptWhenOthersCanGoOnAndAnAttemptTakesAQuarterOfWhatIsLeft() {
        SendOutcome.Failed hang = new SendOutcome.Failed(0, RetryPolicy.NO_ANSWER, "HttpTimeoutException: request timed out", null);

        assertThat(sharded.judge(hang, 0, false, PLENTY)).isEqualTo(new Verdict.GiveUp("the destination's endpoint gave no answer"
                + " within the attempt's time (HttpTimeoutException: request timed out): it hangs, and its other objects would wait"
                + " the same", FailureScope.DESTINATION));
        assertThat(policy.judge(hang, 0, false, PLENTY)).as("alone: nothing else to go on with, the hang is waited out")
                .isInstanceOf(Verdict.Retry.class);
        Deadline sixty = Deadline.after(Duration.ofSeconds(60), CLOCK);
        assertThat(sharded.attemptTimeout(sixty)).as("(60 - 10) / 4").isEqualTo(Duration.ofMillis(12_500));
        assertThat(sharded.attemptTimeout(PLENTY)).isEqualTo(RetryPolicy.MAX_ATTEMPT);
        assertThat(sharded.attemptTimeout(Deadline.after(Duration.ofSeconds(24), CLOCK))).as("never below a whole attempt")
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.attemptTimeout(sixty)).as("alone").isEqualTo(RetryPolicy.MAX_ATTEMPT);
    }

    private static SendOutcome.Failed failed(int status, String code, Duration retryAfter) {
        return new SendOutcome.Failed(status, code, "message", retryAfter);
    }
}
