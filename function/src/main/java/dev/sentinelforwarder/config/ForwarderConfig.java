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

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.clock.TimeBudget;
import dev.sentinelforwarder.deflate.BodyCompressor;
import dev.sentinelforwarder.format.KeyOrigin;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.format.TypeDetection;
import dev.sentinelforwarder.pipeline.Limits;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarder's configuration, read once from the environment when the container starts. Every
 * problem is collected and reported together, so one deployment attempt shows all of them.
 *
 * @param destinations the workspaces rows go to, each with its data collection rules: the default one (the flat settings)
 *     first, unless the destination rules send every object elsewhere
 * @param destinationRules which destination each object's rows go to
 * @param rowFormat how rows name their columns, and so the default stream of each table
 * @param streams the DCR input stream for each log type whose stream is set, not the row format's
 * @param credentials where the Entra app's credentials come from
 * @param filters which rows are left out before they are sent
 * @param quarantineOtherAccounts whether a row whose account routes elsewhere than its object is quarantined (else sent with it)
 */
public record ForwarderConfig(List<Destination> destinations, DestinationRules destinationRules, RowFormat rowFormat, Map<LogType, String> streams,
        AzureCredentialsSource credentials, URI authorityHost, AllowedLocations allowed, RoutingRules routing,
        FilterRules filters, int gzipLevel, int uploadConcurrency, boolean cloudWatchCustomColumns, String quarantinePrefix, Duration timeMargin,
        Limits limits, Duration heartbeat, String ledgerTable, Duration retryDelay, boolean quarantineOtherAccounts) {

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

    /** Most data collection rules one destination spreads over, as many as the Azure template makes. */
    public static final int MAX_RULES = 20;
    /**
     * Most data collection rules in all: each gets its own client and thread pool, so a list pasted wrong must not start
     * thousands; an MSSP's fifty workspaces of two rules each fit.
     */
    public static final int MAX_ALL_RULES = 100;

    private static final java.util.regex.Pattern DESTINATION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile("[0-9a-fA-F-]{36}");

    public ForwarderConfig {
        destinations = List.copyOf(destinations);
        streams = Map.copyOf(streams);
    }

    /** True when some destination sends as an identity of its own: a failure of one identity's credentials does not stop the others. */
    public boolean severalIdentities() {
        return destinations.stream().map(Destination::identity).distinct().count() > 1;
    }

    /** Every data collection rule of every destination. */
    public List<DataCollectionRule> rules() {
        return destinations.stream().flatMap(d -> d.rules().stream()).toList();
    }

    /**
     * The name of the destination of the object at {@code bucket}/{@code key}: the one decision of where an object's rows
     * go, by what its writer cannot choose (see {@link DestinationRules}).
     */
    public String destinationFor(String bucket, String key) {
        return destinationRules.destinationFor(place(bucket, key));
    }

    /** The name of the destination a row naming {@code account} would go to, in the object at {@code bucket}/{@code key}. */
    public String destinationFor(String bucket, String key, String account) {
        return destinationRules.destinationFor(place(bucket, key), account);
    }

    private DestinationRules.Place place(String bucket, String key) {
        LogType type = routing.typeFor(key).orElseGet(() -> TypeDetection.fromKey(key).orElse(null));
        return new DestinationRules.Place(bucket, key, KeyOrigin.of(key), type);
    }

    /** The destination of this name, if one is configured. */
    public java.util.Optional<Destination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public String streamFor(LogType type) {
        return streams.getOrDefault(type, rowFormat.stream(Tables.of(type)));
    }

    /** Reads and checks the settings in {@code env} (the process environment in Lambda). */
    public static ForwarderConfig from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
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
        List<Destination> destinations = destinations(env, credentials, problems);
        DestinationRules destinationRules = DestinationRules.parse(value(env, Setting.DESTINATION_RULES),
                java.util.stream.Stream.concat(java.util.stream.Stream.of(Destination.DEFAULT), destinations.stream().map(Destination::name))
                        .collect(java.util.stream.Collectors.toSet()), problems);
        boolean flatSet = value(env, DCR_IMMUTABLE_ID) != null || value(env, INGESTION_ENDPOINT) != null;
        if (flatSet || !destinationRules.catchesAll() || destinationRules.sendsTo(Destination.DEFAULT)) {
            List<String> ruleProblems = new ArrayList<>();
            List<DataCollectionRule> rules = rules(value(env, DCR_IMMUTABLE_ID), value(env, INGESTION_ENDPOINT),
                    DCR_IMMUTABLE_ID.name(), INGESTION_ENDPOINT.name(), destinations.isEmpty() ? ""
                            : " (the default destination, which takes the objects no " + Setting.DESTINATION_RULES
                                    + " rule sends elsewhere; or end " + Setting.DESTINATION_RULES + " with a rule without conditions)",
                    ruleProblems);
            problems.addAll(0, ruleProblems); // the settings every deployment has come first
            destinations.addFirst(new Destination(Destination.DEFAULT, rules, credentials, false));
        }
        checkRules(destinations, problems);
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
        String otherAccounts = value(env, Setting.OTHER_ACCOUNT_ROWS);
        if (!otherAccounts.equals("quarantine") && !otherAccounts.equals("send")) {
            problems.add(Setting.OTHER_ACCOUNT_ROWS + " must be quarantine or send, not '" + otherAccounts + "'");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new ForwarderConfig(destinations, destinationRules, rowFormat, streams, credentials, authority, allowed, routing, filters, gzipLevel, concurrency,
                Boolean.parseBoolean(customColumns), quarantine, margin, limits, heartbeat, value(env, Setting.LEDGER_TABLE),
                retryDelay, otherAccounts.equals("quarantine"));
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
     * The rules in {@code ids} (comma-separated), each at its endpoint in {@code endpoints}: one endpoint for all (a data
     * collection endpoint in front of every rule), or one per rule in the same order (each rule's own).
     *
     * @param idsName, endpointsName how problems name the two
     * @param missing said after a required one that is missing
     */
    private static List<DataCollectionRule> rules(String ids, String endpoints, String idsName, String endpointsName, String missing,
            List<String> problems) {
        if (ids == null || endpoints == null) {
            if (ids == null) {
                problems.add(idsName + " is required" + (idsName.equals(DCR_IMMUTABLE_ID.name()) ? ": " + DCR_IMMUTABLE_ID.description() : "")
                        + missing);
            }
            if (endpoints == null) {
                problems.add(endpointsName + " is required" + (endpointsName.equals(INGESTION_ENDPOINT.name())
                        ? ": " + INGESTION_ENDPOINT.description() : "") + missing);
            }
            return List.of();
        }
        List<String> idList = List.of(ids.split(",", -1)).stream().map(String::strip).toList();
        if (idList.size() > MAX_RULES) {
            problems.add(idsName + " names " + idList.size() + " rules; at most " + MAX_RULES + " (the Azure template's ruleCount)");
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        for (String endpoint : endpoints.split(",", -1)) {
            uris.add(httpsUri(endpoint.strip(), endpointsName, problems));
        }
        if (uris.size() != 1 && uris.size() != idList.size()) {
            problems.add(endpointsName + " must be one endpoint for every rule, or one per rule of " + idsName
                    + " in the same order: " + uris.size() + " endpoints for " + idList.size() + " rules");
            return List.of();
        }
        List<DataCollectionRule> rules = new ArrayList<>();
        for (int i = 0; i < idList.size(); i++) {
            String id = idList.get(i);
            if (!id.startsWith("dcr-")) {
                problems.add(idsName + " must be rules' immutable ids, which start with 'dcr-', not '" + id + "'");
            } else if (idList.indexOf(id) != i) {
                problems.add(idsName + " names " + id + " twice");
            }
            rules.add(new DataCollectionRule(uris.get(uris.size() == 1 ? 0 : i), id));
        }
        return rules;
    }

    /**
     * The destinations of DESTINATIONS, each {@code {"name", "endpoint" (one or a list), "rules" (a list), "clientId",
     * "tenantId"}}: a managed identity of its own (federated only), or the forwarder's.
     */
    private static List<Destination> destinations(Map<String, String> env, AzureCredentialsSource credentials, List<String> problems) {
        List<Destination> destinations = new ArrayList<>();
        JsonNode root = Setting.DESTINATIONS.jsonList(value(env, Setting.DESTINATIONS),
                "{\"name\": ..., \"endpoint\": ..., \"rules\": [...]}", problems);
        if (root == null) {
            return destinations;
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String name = entry.path("name").asText("");
            String where = Setting.DESTINATIONS + " entry " + (i + 1) + (name.isEmpty() ? "" : " (" + name + ")");
            if (!entry.isObject()) {
                problems.add(where + " must be an object");
                continue;
            }
            for (var names = entry.fieldNames(); names.hasNext();) {
                String field = names.next();
                if (!DESTINATION_FIELDS.contains(field)) {
                    problems.add(where + ": unknown field '" + field + "'; the fields are " + DESTINATION_FIELDS);
                }
            }
            if (!DESTINATION_NAME.matcher(name).matches() || name.equals(Destination.DEFAULT)) {
                problems.add(where + ": name must be 1-64 letters, digits, '.', '_' or '-', and not '" + Destination.DEFAULT
                        + "' (the flat settings' destination), not '" + name + "'");
            } else if (destinations.stream().anyMatch(d -> d.name().equals(name))) {
                problems.add(where + ": the name " + name + " is taken by an earlier entry");
            }
            List<DataCollectionRule> rules = rules(joined(entry.get("rules")), joined(entry.get("endpoint")), where + " rules",
                    where + " endpoint", "", problems);
            AzureCredentialsSource identity = identity(entry, where, credentials, problems);
            destinations.add(new Destination(name, rules, identity, identity != credentials));
        }
        return destinations;
    }

    private static final List<String> DESTINATION_FIELDS = List.of("name", "endpoint", "rules", "clientId", "tenantId");

    private static AzureCredentialsSource identity(JsonNode entry, String where, AzureCredentialsSource credentials, List<String> problems) {
        String client = entry.path("clientId").asText(null);
        String tenant = entry.path("tenantId").asText(null);
        if (client == null && tenant == null) {
            return credentials;
        }
        if (!(credentials instanceof AzureCredentialsSource.Federated federated)) {
            problems.add(where + ": clientId and tenantId name a managed identity, which needs " + AZURE_AUTH
                    + "=federated; with a secret every destination is sent to as the secret's app");
            return credentials;
        }
        if (client == null || !GUID.matcher(client).matches() || (tenant != null && !GUID.matcher(tenant).matches())) {
            problems.add(where + ": clientId (and tenantId, if given) must be GUIDs: the Azure template's clientId and tenantId"
                    + " outputs for that workspace, not " + client + " / " + tenant);
        }
        return new AzureCredentialsSource.Federated(tenant == null ? federated.tenantId() : tenant, client);
    }

    /** A JSON string, or a list of them joined with commas as the flat settings write them; null when absent. */
    private static String joined(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return node.asText();
        }
        List<String> texts = new ArrayList<>();
        node.forEach(n -> texts.add(n.asText()));
        return texts.isEmpty() ? null : String.join(",", texts);
    }

    /** No rule in two destinations (a paste error that would mix two workspaces' counts), and not too many in all. */
    private static void checkRules(List<Destination> destinations, List<String> problems) {
        Map<String, String> owner = new java.util.HashMap<>();
        int all = 0;
        for (Destination destination : destinations) {
            for (DataCollectionRule rule : destination.rules()) {
                all++;
                String before = owner.putIfAbsent(rule.immutableId(), destination.name());
                if (before != null && !before.equals(destination.name())) {
                    problems.add("data collection rule " + rule.immutableId() + " is in both destination " + before + " and "
                            + destination.name() + ": each rule belongs to one workspace");
                }
            }
        }
        if (all > MAX_ALL_RULES) {
            problems.add("the destinations name " + all + " data collection rules; at most " + MAX_ALL_RULES + " in all");
        }
    }

    private static URI httpsUri(String text, Object setting, List<String> problems) {
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
