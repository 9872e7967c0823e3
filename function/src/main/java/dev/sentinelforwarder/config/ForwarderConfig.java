package dev.sentinelforwarder.config;

import static dev.sentinelforwarder.config.Setting.ALLOWED_BUCKETS;
import static dev.sentinelforwarder.config.Setting.AZURE_AUTH;
import static dev.sentinelforwarder.config.Setting.AZURE_AUTHORITY_HOST;
import static dev.sentinelforwarder.config.Setting.AZURE_CLIENT_ID;
import static dev.sentinelforwarder.config.Setting.AZURE_CLIENT_SECRET;
import static dev.sentinelforwarder.config.Setting.AZURE_CREDENTIALS_SECRET_ARN;
import static dev.sentinelforwarder.config.Setting.AZURE_TENANT_ID;
import static dev.sentinelforwarder.config.Setting.DCR_IMMUTABLE_ID;
import static dev.sentinelforwarder.config.Setting.INGESTION_ENDPOINT;
import static dev.sentinelforwarder.config.Setting.ROUTING_RULES;
import static dev.sentinelforwarder.config.Setting.UPLOAD_CONCURRENCY;

import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.pipeline.TimeBudget;
import dev.sentinelforwarder.table.RowFormat;
import java.net.URI;
import java.time.Duration;
import dev.sentinelforwarder.sink.BodyCompressor;
import dev.sentinelforwarder.sink.Compression;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarder's configuration, read once from the environment when the container starts. Every
 * problem is collected and reported together, so one deployment attempt shows all of them.
 *
 * @param rules the data collection rules objects are spread over, at least one
 * @param rowFormat how rows name their columns, and so the default stream of each table
 * @param streams the DCR input stream for each log type whose stream is set, not the row format's
 * @param credentials where the Entra app's credentials come from
 * @param filters which rows are left out before they are sent
 */
public record ForwarderConfig(List<DataCollectionRule> rules, RowFormat rowFormat, Map<LogType, String> streams,
        AzureCredentialsSource credentials, URI authorityHost, AllowedLocations allowed, RoutingRules routing,
        FilterRules filters, int gzipLevel, int uploadConcurrency, boolean cloudWatchCustomColumns, String quarantinePrefix, Duration timeMargin,
        Limits limits, Duration heartbeat, String ledgerTable, Duration retryDelay) {

    /**
     * The function's own AWS identity exchanged for a managed identity's token (the default, no secret), a
     * Secrets Manager secret, or a client secret given directly (local use).
     */
    public sealed interface AzureCredentialsSource {
        record Federated(String tenantId, String clientId) implements AzureCredentialsSource {
        }

        record FromSecret(String secretArn) implements AzureCredentialsSource {
        }

        record Direct(String tenantId, String clientId, String clientSecret) implements AzureCredentialsSource {
            @Override
            public String toString() {
                return "Direct[tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=***]";
            }
        }
    }

    /** Most data collection rules one forwarder spreads over, as many as the Azure template makes. */
    public static final int MAX_RULES = 20;

    public ForwarderConfig {
        rules = List.copyOf(rules);
        streams = Map.copyOf(streams);
    }

    public String streamFor(LogType type) {
        return streams.getOrDefault(type, rowFormat.stream(type.table()));
    }

    /** Reads and checks the settings in {@code env} (the process environment in Lambda). */
    public static ForwarderConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        List<DataCollectionRule> rules = rules(env, problems);
        String format = value(env, Setting.ROW_FORMAT);
        RowFormat rowFormat = RowFormat.byId(format).orElse(null);
        if (rowFormat == null) {
            problems.add(Setting.ROW_FORMAT + " must be compact or full, not '" + format + "'");
        }
        Map<LogType, String> streams = new EnumMap<>(LogType.class);
        for (LogType type : LogType.values()) {
            String stream = value(env, Setting.valueOf("STREAM_" + type.name()));
            if (stream != null) {
                streams.put(type, stream);
            }
        }
        AzureCredentialsSource credentials = credentials(env, problems);
        String authorityText = value(env, AZURE_AUTHORITY_HOST);
        URI authority = authorityText == null ? null : httpsUri(authorityText, AZURE_AUTHORITY_HOST, problems);
        String allowedText = value(env, ALLOWED_BUCKETS);
        AllowedLocations allowed = AllowedLocations.parse(allowedText == null ? "" : allowedText);
        if (allowed.locations().isEmpty()) {
            problems.add(ALLOWED_BUCKETS + " is required: the buckets (and optional key prefixes) to read, e.g. my-log-bucket");
        }
        RoutingRules routing = RoutingRules.parse(value(env, ROUTING_RULES), problems);
        FilterRules filters = FilterRules.parse(value(env, Setting.FILTER_RULES), problems);
        int concurrency = (int) number(env, UPLOAD_CONCURRENCY, 1, 64, problems);
        int gzipLevel = value(env, Setting.GZIP_LEVEL) == null ? Compression.BY_TABLE
                : (int) number(env, Setting.GZIP_LEVEL, 1, BodyCompressor.MAX_LEVEL, problems);
        String quarantine = value(env, Setting.QUARANTINE_PREFIX);
        if (!quarantine.endsWith("/") || quarantine.startsWith("/")) {
            problems.add(Setting.QUARANTINE_PREFIX + " must end with '/' and not start with one, not '" + quarantine + "'");
        }
        Duration margin = Duration.ofSeconds(number(env, Setting.TIME_MARGIN_SECONDS, TimeBudget.MIN_MARGIN.toSeconds(), 600, problems));
        Limits limits = new Limits(number(env, Setting.MAX_DECOMPRESSED_BYTES, 1024, Long.MAX_VALUE, problems),
                number(env, Setting.MAX_COMPRESSION_RATIO, 10, 1_000_000, problems),
                (int) number(env, Setting.MAX_LINE_LENGTH, 1024, 512L * 1024 * 1024, problems),
                (int) number(env, Setting.MAX_JSON_DEPTH, 16, 10_000, problems));
        Duration heartbeat = Duration.ofSeconds(number(env, Setting.HEARTBEAT_SECONDS, 5, 3_600, problems));
        Duration retryDelay = Duration.ofSeconds(number(env, Setting.RETRY_DELAY_SECONDS, 0, 900, problems));
        String customColumns = value(env, Setting.CLOUDWATCH_CUSTOM_COLUMNS);
        if (!customColumns.equals("true") && !customColumns.equals("false")) {
            problems.add(Setting.CLOUDWATCH_CUSTOM_COLUMNS + " must be true or false, not '" + customColumns + "'");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ForwarderConfig(rules, rowFormat, streams, credentials, authority, allowed, routing, filters, gzipLevel, concurrency,
                Boolean.parseBoolean(customColumns), quarantine, margin, limits, heartbeat, value(env, Setting.LEDGER_TABLE),
                retryDelay);
    }

    private static AzureCredentialsSource credentials(Map<String, String> env, List<String> problems) {
        String arn = value(env, AZURE_CREDENTIALS_SECRET_ARN);
        String tenant = value(env, AZURE_TENANT_ID);
        String client = value(env, AZURE_CLIENT_ID);
        String secret = value(env, AZURE_CLIENT_SECRET);
        String auth = value(env, AZURE_AUTH);
        if (auth.equals("federated")) {
            if (arn != null || secret != null) {
                problems.add((arn != null ? AZURE_CREDENTIALS_SECRET_ARN : AZURE_CLIENT_SECRET) + " belongs to " + AZURE_AUTH
                        + "=secret; the default, federated, uses no secret (set " + AZURE_AUTH + "=secret to use one)");
            }
            if (tenant == null || client == null) {
                problems.add(AZURE_TENANT_ID + " and " + AZURE_CLIENT_ID + " are required with " + AZURE_AUTH
                        + "=federated: the tenantId and clientId outputs of infra/azure/dcr.json");
                return null;
            }
            return new AzureCredentialsSource.Federated(tenant, client);
        }
        if (!auth.equals("secret")) {
            problems.add(AZURE_AUTH + " must be federated or secret, not '" + auth + "'");
            return null;
        }
        boolean direct = tenant != null || client != null || secret != null;
        if (arn != null && direct) {
            problems.add("set either " + AZURE_CREDENTIALS_SECRET_ARN + " or " + AZURE_TENANT_ID + "/" + AZURE_CLIENT_ID
                    + "/" + AZURE_CLIENT_SECRET + ", not both");
            return null;
        }
        if (arn != null) {
            if (!arn.startsWith("arn:") || !arn.contains(":secretsmanager:")) {
                problems.add(AZURE_CREDENTIALS_SECRET_ARN + " must be a Secrets Manager secret ARN (arn:aws:secretsmanager:...)");
            }
            return new AzureCredentialsSource.FromSecret(arn);
        }
        if (tenant == null || client == null || secret == null) {
            problems.add(direct
                    ? AZURE_TENANT_ID + ", " + AZURE_CLIENT_ID + " and " + AZURE_CLIENT_SECRET + " must all be set together"
                    : AZURE_CREDENTIALS_SECRET_ARN + " is required: the secret with the Entra app's tenantId, clientId and clientSecret");
            return null;
        }
        return new AzureCredentialsSource.Direct(tenant, client, secret);
    }

    /**
     * The rules in DCR_IMMUTABLE_ID (comma-separated), each at its endpoint in INGESTION_ENDPOINT: one endpoint for all
     * (a data collection endpoint in front of every rule), or one per rule in the same order (each rule's own).
     */
    private static List<DataCollectionRule> rules(Map<String, String> env, List<String> problems) {
        String ids = value(env, DCR_IMMUTABLE_ID);
        String endpoints = value(env, INGESTION_ENDPOINT);
        if (ids == null || endpoints == null) {
            for (Setting missing : ids == null && endpoints == null ? List.of(DCR_IMMUTABLE_ID, INGESTION_ENDPOINT)
                    : List.of(ids == null ? DCR_IMMUTABLE_ID : INGESTION_ENDPOINT)) {
                problems.add(missing + " is required: " + missing.description());
            }
            return List.of();
        }
        List<String> idList = List.of(ids.split(",", -1)).stream().map(String::strip).toList();
        if (idList.size() > MAX_RULES) {
            // Each rule gets its own client and thread pool: a list pasted wrong must not start thousands.
            problems.add(DCR_IMMUTABLE_ID + " names " + idList.size() + " rules; at most " + MAX_RULES + " (the Azure template's ruleCount)");
            return List.of();
        }
        List<URI> uris = List.of(endpoints.split(",", -1)).stream().map(e -> httpsUri(e.strip(), INGESTION_ENDPOINT, problems)).toList();
        if (uris.size() != 1 && uris.size() != idList.size()) {
            problems.add(INGESTION_ENDPOINT + " must be one endpoint for every rule, or one per rule of " + DCR_IMMUTABLE_ID
                    + " in the same order: " + uris.size() + " endpoints for " + idList.size() + " rules");
            return List.of();
        }
        List<DataCollectionRule> rules = new ArrayList<>();
        for (int i = 0; i < idList.size(); i++) {
            String id = idList.get(i);
            if (!id.startsWith("dcr-")) {
                problems.add(DCR_IMMUTABLE_ID + " must be rules' immutable ids, which start with 'dcr-', not '" + id + "'");
            } else if (idList.indexOf(id) != i) {
                problems.add(DCR_IMMUTABLE_ID + " names " + id + " twice");
            }
            rules.add(new DataCollectionRule(uris.get(uris.size() == 1 ? 0 : i), id));
        }
        return rules;
    }

    private static URI httpsUri(String text, Setting setting, List<String> problems) {
        try {
            URI uri = URI.create(text);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(setting + " must be an https:// URL, not '" + text + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add(setting + " is not a URL: '" + text + "'");
            return null;
        }
    }

    private static long number(Map<String, String> env, Setting setting, long min, long max, List<String> problems) {
        String text = value(env, setting);
        try {
            long number = Long.parseLong(text);
            if (number < min || number > max) {
                problems.add(setting + " must be between " + min + " and " + max + ", not " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(setting + " must be a whole number, not '" + text + "'");
            return min;
        }
    }

    private static String value(Map<String, String> env, Setting setting) {
        String text = env.get(setting.name());
        if (text == null || text.isBlank()) {
            return setting.defaultValue();
        }
        return text.strip();
    }
}
