package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.pipeline.Deadline;
import java.time.Clock;
import java.time.Duration;
import org.crac.Core;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;

/**
 * The forwarder Lambda: SQS batch of S3 notifications in, partial batch response out. The event source
 * mapping must enable {@code ReportBatchItemFailures}, or Lambda ignores the response.
 */
public final class ForwarderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final Forwarder forwarder;
    /** Held here because CRaC keeps only weak references to its resources. */
    private final SnapStartPriming priming = new SnapStartPriming();

    /** Lambda's entry: configuration from the environment, clients built once per container, primed for SnapStart. */
    public ForwarderHandler() {
        this(ForwarderFactory.create(ForwarderConfig.from(System.getenv()), Services.aws(), new JsonLog(System.out),
                new Metrics(() -> new MetricsLogger(new LambdaEnvironment()))));
        Core.getGlobalContext().register(priming);
    }

    public ForwarderHandler(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return forwarder.process(event, deadline(context));
    }

    /** Lambda's remaining time; without a context (local runs), as long as the longest Lambda. */
    static Deadline deadline(Context context) {
        Duration remaining = context == null ? Duration.ofMinutes(15) : Duration.ofMillis(context.getRemainingTimeInMillis());
        return Deadline.after(remaining, Clock.systemUTC());
    }
}
