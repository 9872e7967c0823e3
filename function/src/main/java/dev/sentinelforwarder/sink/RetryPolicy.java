package dev.sentinelforwarder.sink;

import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.TimeBudget;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The one place that decides what an answer of the Logs Ingestion API means ({@link #judge}) and how long
 * an attempt may take ({@link #attemptTimeout}).
 *
 * <ul>
 *   <li>2xx: accepted.
 *   <li>408, 429, 500, 502, 503, 504, other 5xx but 501 and 505, and no answer at all (refused, reset, timed
 *       out): retried after the service's {@code Retry-After} or an exponential delay with full jitter,
 *       whichever is longer (a {@code Retry-After: 0} still backs off), while an attempt still fits before the
 *       deadline; but a request throttled (429) {@link #MAX_THROTTLED} times gives up for itself alone: the rule is
 *       over its limits, the object is handed on to be tried later, and the invocation moves on; and a request that
 *       gets a 5xx or no answer {@link #MAX_UNAVAILABLE} times gives up for its rule when there are several: the rule is
 *       down, its other objects are not started in this invocation, the other rules' are; and a request that gets no
 *       answer at all within its attempt's time gives up for its whole destination at the first such attempt, when there
 *       are other rules: a workspace that hangs costs the batch one attempt, at most a quarter of what is left of the
 *       invocation ({@link #attemptTimeout}), not five attempts of 30 s each before the healthy ones' objects.
 *   <li>400 and 413: the content: split ({@link Verdict.Split}); but a 400 naming the stream or API version is
 *       configuration.
 *   <li>401, or Entra refusing the credentials: renew them once, then configuration of every rule (one identity).
 *   <li>Entra finding no federated identity credential for the function's AWS tokens: retried every 10 s while
 *       time is left (a credential made minutes ago may not be visible yet), then the object fails; but when other
 *       destinations send as other identities, after {@link #MAX_FEDERATION_ATTEMPTS} attempts it gives up for its
 *       identity, whose other objects are not started in this invocation, the other identities' are.
 *   <li>403 (role), 404 (rule or endpoint), a 400 naming the stream, 501, 505, other 4xx: configuration of that
 *       rule; a malformed or unreadable secret or refused AWS token: configuration of every rule.
 * </ul>
 */
public final class RetryPolicy {
    static final Duration FIRST_DELAY = Duration.ofMillis(400);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** The longest one attempt may wait for its answer. The service answers in well under a second. */
    static final Duration MAX_ATTEMPT = Duration.ofSeconds(30);
    /** Answers of 429 one request takes before it gives up for this invocation. */
    static final int MAX_THROTTLED = 5;
    /**
     * Attempts of one request that get a 5xx or no answer before its rule counts as down for this invocation, when there
     * are other rules: about 6 s of backoff, so an outage of one rule costs the objects bound for the others seconds, not
     * the invocation. With one rule there is nothing else to go on with, and waiting the outage out is best.
     */
    static final int MAX_UNAVAILABLE = 5;
    /** 400 codes that name the rule's configuration, not the rows. */
    static final Set<String> CONFIGURATION_CODES = Set.of("InvalidStream", "InvalidApiVersion", "InvalidDataCollectionRuleId");
    /** Error codes the client gives when no HTTP answer came (status 0). */
    public static final String CREDENTIALS_REFUSED = "CredentialsRefused";
    public static final String CREDENTIALS_INVALID = "CredentialsInvalid";
    /** No AWS credentials to ask STS for the function's token with (a shell without a sign-in; never in Lambda). */
    public static final String AWS_CREDENTIALS_MISSING = "AwsCredentialsMissing";
    /** STS or Secrets Manager not reached for the credentials: a network failure, retried as one. */
    public static final String AWS_UNREACHABLE = "AwsUnreachable";
    /** Entra has no federated identity credential matching the function's AWS tokens: wrong, or made minutes ago. */
    public static final String FEDERATION_UNMATCHED = "FederationUnmatched";
    /** Nothing came back within the attempt's time (connected or not): the endpoint hangs. */
    public static final String NO_ANSWER = "NoAnswer";
    /** How long to wait between attempts while Entra does not know the federation yet: no retry storm. */
    static final Duration FEDERATION_RETRY_DELAY = Duration.ofSeconds(10);

    /** Attempts while Entra does not know an identity's federation before that identity counts as not ready, with others to go on with. */
    static final int MAX_FEDERATION_ATTEMPTS = 3;

    private final Duration reserve;
    private final RandomGenerator random;
    private final boolean otherRules;
    private final boolean otherIdentities;

    /** A policy for a forwarder of one rule: an outage is waited out, there is nothing else to go on with. */
    public RetryPolicy(Duration reserve, RandomGenerator random) {
        this(reserve, random, false, false);
    }

    /**
     * @param reserve how long before the deadline every attempt ends ({@link TimeBudget#ATTEMPTS_END} in Lambda)
     * @param otherRules whether objects may be bound for other rules, which go on while this one is down
     * @param otherIdentities whether objects may be sent as other identities (destinations with their own), which go on
     *     while this one's federation is not ready
     */
    public RetryPolicy(Duration reserve, RandomGenerator random, boolean otherRules, boolean otherIdentities) {
        this.reserve = reserve;
        this.random = random;
        this.otherRules = otherRules;
        this.otherIdentities = otherIdentities;
    }

    /**
     * @param retries how many times this request was sent again already
     * @param renewed whether the credentials were renewed for this request already
     */
    public Verdict judge(SendOutcome outcome, int retries, boolean renewed, Deadline deadline) {
        if (!(outcome instanceof SendOutcome.Failed failed)) {
            return new Verdict.Accept();
        }
        int status = failed.status();
        String code = failed.errorCode();
        if (status == 401 || (status == 0 && CREDENTIALS_REFUSED.equals(code))) {
            return renewed ? new Verdict.GiveUp("the credentials were refused, also after reading them again", FailureScope.ALL)
                    : new Verdict.RenewCredentials();
        }
        if (status == 400 && CONFIGURATION_CODES.contains(code)) {
            return new Verdict.GiveUp("the data collection rule refuses the request itself (" + code + ")", FailureScope.RULE);
        }
        if (status == 400 || status == 413) {
            return new Verdict.Split();
        }
        if (status == 0 && (CREDENTIALS_INVALID.equals(code) || AWS_CREDENTIALS_MISSING.equals(code))) {
            return new Verdict.GiveUp("the credentials cannot be used as configured", FailureScope.ALL);
        }
        if (status == 0 && FEDERATION_UNMATCHED.equals(code)) {
            if (otherIdentities && retries + 1 >= MAX_FEDERATION_ATTEMPTS) {
                return new Verdict.GiveUp("Entra has no federated identity credential matching the function's AWS tokens for this"
                        + " destination's identity", FailureScope.ALL);
            }
            // Entra takes minutes to see a new federated identity credential: keep trying, slowly, while time is left.
            return deadline.remaining().minus(reserve).minus(FEDERATION_RETRY_DELAY).compareTo(TimeBudget.MIN_ATTEMPT) < 0
                    ? new Verdict.GiveUp("Entra has no federated identity credential matching the function's AWS tokens", FailureScope.REQUEST)
                    : new Verdict.Retry(FEDERATION_RETRY_DELAY);
        }
        if (status == 429 && retries + 1 >= MAX_THROTTLED) {
            return new Verdict.GiveUp("the data collection rule answered 429 " + MAX_THROTTLED + " times: it is over its limits",
                    FailureScope.REQUEST);
        }
        if (status == 0 && NO_ANSWER.equals(code) && otherRules) {
            return new Verdict.GiveUp("the destination's endpoint gave no answer within the attempt's time (" + failed.message()
                    + "): it hangs, and its other objects would wait the same", FailureScope.DESTINATION);
        }
        boolean unavailable = status == 0 || status == 408 || (status >= 500 && status != 501 && status != 505);
        if (unavailable && otherRules && retries + 1 >= MAX_UNAVAILABLE) {
            return new Verdict.GiveUp("the data collection rule's endpoint gave no good answer in " + MAX_UNAVAILABLE + " attempts (the last: "
                    + (status == 0 ? "none" : String.valueOf(status)) + "): it is down", FailureScope.RULE);
        }
        if (unavailable || status == 429) {
            return retry(failed, retries, deadline);
        }
        return new Verdict.GiveUp(switch (status) {
            case 403 -> "the app lacks the role Monitoring Metrics Publisher on the data collection rule";
            case 404 -> "no such data collection rule or stream at this endpoint";
            default -> "the service does not take this request (" + status + ")";
        }, FailureScope.RULE);
    }

    /**
     * How long the next attempt may wait for its answer; below {@link TimeBudget#MIN_ATTEMPT} none should start. With
     * other rules to go on with, at most a quarter of what is left (but {@link TimeBudget#MIN_ATTEMPT}), so one that
     * hangs leaves the invocation to the others.
     */
    public Duration attemptTimeout(Deadline deadline) {
        Duration left = deadline.remaining().minus(reserve);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        Duration most = MAX_ATTEMPT;
        if (otherRules) {
            Duration share = left.dividedBy(4);
            most = min(most, share.compareTo(TimeBudget.MIN_ATTEMPT) < 0 ? TimeBudget.MIN_ATTEMPT : share);
        }
        return min(most, left);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** True when an attempt can still start now. */
    public boolean attemptFits(Deadline deadline) {
        return attemptTimeout(deadline).compareTo(TimeBudget.MIN_ATTEMPT) >= 0;
    }

    private Verdict retry(SendOutcome.Failed failed, int retries, Deadline deadline) {
        Duration delay = jittered(retries);
        if (failed.retryAfter() != null && failed.retryAfter().compareTo(delay) > 0) {
            delay = failed.retryAfter();
        }
        if (deadline.remaining().minus(reserve).minus(delay).compareTo(TimeBudget.MIN_ATTEMPT) < 0) {
            return new Verdict.GiveUp("no time left in this invocation for another attempt", FailureScope.REQUEST);
        }
        return new Verdict.Retry(delay);
    }

    private Duration jittered(int retry) {
        long ceiling = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(retry, 16));
        return Duration.ofMillis(random.nextLong(ceiling / 2, ceiling + 1));
    }
}
