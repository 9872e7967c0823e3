package dev.sentinelforwarder.observe;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Counters for one invocation, written as CloudWatch Embedded Metric Format when it ends: one document
 * per table (dimension {@code Table}) plus one for the whole function. CloudWatch turns the log lines
 * into metrics without any API call from the function.
 */
public final class Metrics {
    public static final String NAMESPACE = "SentinelAwsForwarder";
    /** The dimension value for counters that belong to no table (messages, refused objects). */
    public static final String ALL = "All";

    private final Supplier<MetricsLogger> loggers;
    private final Map<String, Map<String, Double>> counters = new TreeMap<>();
    private final Map<String, Map<String, Double>> totals = new TreeMap<>();

    /** @param loggers a new EMF logger per document; null writes nothing (local runs) */
    public Metrics(Supplier<MetricsLogger> loggers) {
        this.loggers = loggers;
    }

    public synchronized void add(String table, String metric, double value) {
        counters.computeIfAbsent(table, t -> new TreeMap<>()).merge(metric, value, Double::sum);
    }

    /** Everything counted since this object was made, flushed or not, by table and metric. */
    public synchronized Map<String, Map<String, Double>> totals() {
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        totals.forEach((table, values) -> copy.put(table, new TreeMap<>(values)));
        counters.forEach((table, values) -> values.forEach((metric, value) ->
                copy.computeIfAbsent(table, t -> new TreeMap<>()).merge(metric, value, Double::sum)));
        return copy;
    }

    /** Writes one EMF document per table and starts counting afresh. */
    public synchronized void flush() {
        if (loggers != null) {
            counters.forEach((table, values) -> {
                MetricsLogger logger = loggers.get();
                logger.setNamespace(NAMESPACE);
                logger.setDimensions(DimensionSet.of("Table", table));
                values.forEach((metric, value) -> logger.putMetric(metric, value, metric.endsWith("Bytes") ? Unit.BYTES : Unit.COUNT));
                logger.flush();
            });
        }
        counters.forEach((table, values) -> values.forEach((metric, value) ->
                totals.computeIfAbsent(table, t -> new TreeMap<>()).merge(metric, value, Double::sum)));
        counters.clear();
    }
}
