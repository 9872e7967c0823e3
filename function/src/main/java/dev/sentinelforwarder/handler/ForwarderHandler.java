package dev.sentinelforwarder.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.handler.batch.Forwarder;
import dev.sentinelforwarder.handler.report.LogFields;
import dev.sentinelforwarder.observe.JsonLog;
import dev.sentinelforwarder.observe.Metrics;
import dev.sentinelforwarder.observe.Version;
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
        this(fromEnvironment(new JsonLog(System.out)));
        Core.getGlobalContext().register(priming);
    }

    private static Forwarder fromEnvironment(JsonLog log) {
        ForwarderConfig config = ForwarderConfig.from(System.getenv());
        // One line per container, so every later line can be tied to the build and settings that wrote it.
        log.info("forwarder started", LogFields.of("version", Version.current(), "destinations", config.destinations().size(),
                "rules", config.rules().size(), "rowFormat", config.rowFormat().id(), "auth", config.credentials() instanceof ForwarderConfig.AzureCredentialsSource.Federated ? "federated" : "secret",
                "ledger", config.ledgerTable() != null, "compressor", compressor(config, log)));
        // Every metrics document says which compressor ran: a property, not a dimension, so alarms and dashboards stay as they are.
        return ForwarderFactory.create(config, Services.aws(), log, new Metrics(() -> {
            MetricsLogger logger = new MetricsLogger(new LambdaEnvironment());
            logger.putProperty("Compressor", BodyCompressor.loaded().id());
            return logger;
        }));
    }

    /** Which compressor gzips the request bodies, at which level; when it is not libdeflate, one warning saying why. */
    static String compressor(ForwarderConfig config, JsonLog log) {
        Compression compression = Compression.at(config.gzipLevel());
        if (compression.compressor().fallbackReason() != null) {
            log.warn("libdeflate could not be loaded: request bodies are gzipped by the JDK's zlib, the same data for more CPU",
                    LogFields.of("reason", compression.compressor().fallbackReason(), "compressor", compression.toString()));
        }
        return compression.toString();
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
