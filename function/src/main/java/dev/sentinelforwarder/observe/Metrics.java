package dev.sentinelforwarder.observe;

import dev.sentinelforwarder.metrics.MetricNames;
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

    private final Supplier<MetricsLogger> loggers;
    private final Map<Dimensions, Map<String, Double>> counters = new TreeMap<>();
    private final Map<Dimensions, Map<String, Double>> totals = new TreeMap<>();

    /** One EMF document's dimensions: the table, and for counts per filter rule, the rule; or a destination alone. */
    private record Dimensions(String table, String rule, String destination) implements Comparable<Dimensions> {
        DimensionSet set() {
            return destination != null ? DimensionSet.of(MetricNames.DESTINATION, destination)
                    : rule == null ? DimensionSet.of(MetricNames.TABLE, table)
                    : DimensionSet.of(MetricNames.TABLE, table, MetricNames.RULE, rule);
        }

        /** How {@link #totals()} names it: the table, table/rule, or Destination/name. */
        String key() {
            return destination != null ? MetricNames.DESTINATION + "/" + destination : rule == null ? table : table + "/" + rule;
        }

        @Override
        public int compareTo(Dimensions other) {
            return key().compareTo(other.key());
        }
    }

    /** @param loggers a new EMF logger per document; null writes nothing (local runs) */
    public Metrics(Supplier<MetricsLogger> loggers) {
        this.loggers = loggers;
    }

    public synchronized void add(String table, String metric, double value) {
        add(new Dimensions(table, null, null), metric, value);
    }

    /** A count for one destination, in its own document (dimension Destination): a workspace's alarms need no math over tables. */
    public synchronized void addForDestination(String destination, String metric, double value) {
        add(new Dimensions(null, null, destination), metric, value);
    }

    /** A count for one filter rule of a table, in its own document (dimensions Table and Rule). */
    public synchronized void addForRule(String table, String rule, String metric, double value) {
        add(new Dimensions(table, rule, null), metric, value);
    }

    private void add(Dimensions dimensions, String metric, double value) {
        counters.computeIfAbsent(dimensions, d -> new TreeMap<>()).merge(metric, value, Double::sum);
    }

    /** Everything counted since this object was made, flushed or not, by table (or table/rule) and metric. */
    public synchronized Map<String, Map<String, Double>> totals() {
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        totals.forEach((dimensions, values) -> copy.put(dimensions.key(), new TreeMap<>(values)));
        counters.forEach((dimensions, values) -> values.forEach((metric, value) ->
                copy.computeIfAbsent(dimensions.key(), t -> new TreeMap<>()).merge(metric, value, Double::sum)));
        return copy;
    }

    /** Writes one EMF document per table (and per filter rule that counted) and starts counting afresh. */
    public synchronized void flush() {
        if (loggers != null) {
            counters.forEach((dimensions, values) -> {
                MetricsLogger logger = loggers.get();
                logger.setNamespace(MetricNames.NAMESPACE);
                logger.setDimensions(dimensions.set());
                values.forEach((metric, value) -> logger.putMetric(metric, value, metric.endsWith("Bytes") ? Unit.BYTES : Unit.COUNT));
                logger.flush();
            });
        }
        counters.forEach((dimensions, values) -> values.forEach((metric, value) ->
                totals.computeIfAbsent(dimensions, t -> new TreeMap<>()).merge(metric, value, Double::sum)));
        counters.clear();
    }
}
