package dev.sentinelforwarder.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sentinelforwarder.azure.DcrTemplate;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.SchemaConformance;
import dev.sentinelforwarder.table.TableSchema;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS stand-in for Entra's token endpoint ({@link EntraFake}) and the Azure Monitor Logs Ingestion API that checks what
 * the service checks: path and api-version, a bearer token it issued, gzip, at most 1,000,000 bytes
 * compressed and uncompressed (413), a JSON array, and every row's fields and JSON types against the stream's
 * declaration (400, with the service's error shape). It then maps each row to the table behind the stream, as the
 * rule's transform does, checks it against the table's columns and keeps it per table.
 * It is stricter than the service in one place: a bare JSON object, which the service accepts and drops
 * silently, is refused, so such a bug cannot hide. Tests can queue faults for the next requests, plan
 * them over time, or start an outage.
 */
public final class LogsIngestionFake implements AutoCloseable {
    public static final String API_VERSION = "2023-01-01";
    public static final int MAX_BYTES = 1_000_000;
    private static final Pattern UPLOAD = Pattern.compile("/dataCollectionRules/([^/]+)/streams/([^/]+)");
    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");

    /** What the next request gets instead of normal handling. */
    public sealed interface Fault {
        /** Answer with this status (e.g. 429 with Retry-After seconds, 500, 503). */
        record Status(int status, String retryAfterSeconds) implements Fault {
        }

        /** Wait before handling the request normally. */
        record Delay(long millis) implements Fault {
        }

        /** Close the connection without answering. */
        record Drop() implements Fault {
        }

        /** Read the request, then never answer (until the fake is closed): a hanging connection. */
        record Hang() implements Fault {
        }
    }

    /** One upload request as the fake saw and answered it; {@code table} is null when the stream is not declared. */
    public record Received(String rule, String stream, TableSchema table, int status, String errorCode, int rows, int compressedBytes, int uncompressedBytes) {
    }

    /**
     * A stream the rule declares: its input columns (name to stream type), the table it flows to, and how its input
     * names map to the table's columns.
     */
    public record Declared(Map<String, String> columns, TableSchema table, RowFormat format) {
        public Declared {
            columns = Map.copyOf(columns);
        }

        static Declared mirroring(TableSchema table) {
            Map<String, String> columns = new HashMap<>();
            table.columns().forEach(c -> columns.put(c.name(), c.type().streamType()));
            return new Declared(columns, table, RowFormat.FULL);
        }
    }

    private final HttpsServer server;
    private final SelfSignedCertificate certificate;
    /** The rules this endpoint serves: one, or several behind one data collection endpoint. */
    private final java.util.Set<String> rules = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Rules whose every upload gets this status instead of normal handling. */
    private final Map<String, Integer> ruleAnswers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Rules whose every upload is read and never answered. */
    private final java.util.Set<String> hangingRules = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final String dcrImmutableId;
    private final Map<String, Declared> streams;
    private final EntraFake entra;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** Upload requests still answered normally before an outage begins; -1 when no outage is planned. */
    private final java.util.concurrent.atomic.AtomicInteger beforeOutage = new java.util.concurrent.atomic.AtomicInteger(-1);
    private volatile boolean outage;
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final Map<String, List<JsonNode>> accepted = new LinkedHashMap<>();
    private final List<Received> received = new ArrayList<>();
    private volatile int maxBytes = MAX_BYTES;
    private volatile String refusedRowText;
    private volatile boolean publisherRole = true;
    private volatile java.util.function.BiFunction<String, String, Fault> faultPlan;
    private volatile java.util.function.BiConsumer<String, JsonNode> acceptedObserver;

    private LogsIngestionFake(HttpsServer server, SelfSignedCertificate certificate, String dcrImmutableId,
            Map<String, Declared> streams, EntraFake entra) {
        this.entra = entra;
        this.server = server;
        this.certificate = certificate;
        this.dcrImmutableId = dcrImmutableId;
        this.rules.add(dcrImmutableId);
        this.streams = Map.copyOf(streams);
    }

    /**
     * The compact streams exactly as infra/azure/dcr.json declares them (read from the generated template, each with
     * the table its data flow names), and the full-name {@code Custom-<Table>} streams a hand-written rule mirroring
     * the tables would declare.
     */
    public static Map<String, Declared> defaultStreams() {
        Map<String, Declared> streams = new HashMap<>();
        for (TableSchema table : Tables.ALL) {
            streams.put(RowFormat.FULL.stream(table), Declared.mirroring(table));
        }
        JsonNode rule = DcrTemplate.rule();
        for (JsonNode flow : rule.at("/properties/dataFlows")) {
            String stream = flow.at("/streams/0").textValue();
            String table = flow.get("outputStream").textValue().substring("Microsoft-".length());
            Map<String, String> columns = new HashMap<>();
            for (JsonNode column : rule.at("/properties/streamDeclarations").get(stream).get("columns")) {
                columns.put(column.get("name").textValue(), column.get("type").textValue());
            }
            streams.put(stream, new Declared(columns, Tables.byName(table).orElseThrow(), DcrTemplate.STREAMS));
        }
        return streams;
    }

    public static LogsIngestionFake start(String dcrImmutableId, Map<String, Declared> streams) throws IOException {
        return start(dcrImmutableId, streams, new EntraFake());
    }

    /**
     * Another workspace's endpoint in the tenant of {@code tenant}: it accepts the tokens that fake's Entra issues, as every
     * workspace of a tenant accepts its Entra's (a forwarder sending to both gets one token for both).
     */
    public static LogsIngestionFake startInTenantOf(LogsIngestionFake tenant, String dcrImmutableId) throws IOException {
        return start(dcrImmutableId, tenant.streams, tenant.entra);
    }

    private static LogsIngestionFake start(String dcrImmutableId, Map<String, Declared> streams, EntraFake entra) throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.shared();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        LogsIngestionFake fake = new LogsIngestionFake(server, certificate, dcrImmutableId, streams, entra);
        server.createContext("/", fake::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return fake;
    }

    /** Both the ingestion endpoint and the Entra authority host. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Writes a PKCS12 trust store (password {@code changeit}) with this fake's certificate, for a client in another process. */
    public void writeTrustStore(java.nio.file.Path file) throws IOException {
        certificate.writeTrustStore(file);
    }

    /** An SSL context that trusts this fake's certificate and nothing else. */
    public SSLContext clientSslContext() {
        return certificate.clientContext();
    }

    /** This endpoint also serves {@code rule}, as a data collection endpoint serves every rule associated with it. */
    public void addRule(String rule) {
        rules.add(rule);
    }

    /**
     * From now on, every upload to {@code rule} is answered {@code status}: 429 (Retry-After: 1) as for a rule over its
     * limits, 403 as for a role assignment not yet visible, 404 as for a rule that is gone, 503 as for an outage of its
     * endpoint; the other rules answer as before.
     */
    public void answerRule(String rule, int status) {
        ruleAnswers.put(rule, status);
    }

    /** From now on, uploads to {@code rule} are handled normally again. */
    /** From now on, every upload to {@code rule} is read and never answered (until the fake is closed): a hanging workspace. */
    public void hangRule(String rule) {
        hangingRules.add(rule);
    }

    public void answerNormally(String rule) {
        hangingRules.remove(rule);
        ruleAnswers.remove(rule);
    }

    public void enqueue(Fault fault) {
        faults.add(fault);
    }

    /**
     * From now on, ask {@code plan} for each upload request (given its rule and stream) whether it gets a fault
     * instead of normal handling; null means none. For soak runs: outage windows, hangs, slow answers.
     */
    public void faultPlan(java.util.function.BiFunction<String, String, Fault> plan) {
        faultPlan = plan;
    }

    /** From now on, hand accepted rows to {@code observer} instead of keeping them (a soak accepts millions). */
    public void observeAccepted(java.util.function.BiConsumer<String, JsonNode> observer) {
        acceptedObserver = observer;
    }

    /** After {@code requests} more upload requests, answer every one with 503 until {@link #endOutage()}. */
    public void outageAfter(int requests) {
        beforeOutage.set(requests);
        outage = requests == 0;
    }

    public void endOutage() {
        beforeOutage.set(-1);
        outage = false;
    }

    /**
     * As after rotating the app's secret in Entra: tokens issued so far are refused (401), and token requests
     * with {@code oldSecret} are refused as Entra refuses a deleted secret (AADSTS7000215).
     */
    public void rotateSecret(String oldSecret) {
        entra.rotateSecret(oldSecret);
    }

    /**
     * Gives the identity {@code clientId} a federated identity credential: client assertions from {@code issuer}
     * about {@code subject}, for audience api://AzureADTokenExchange, stand for it.
     */
    public void federate(String clientId, String issuer, String subject) {
        entra.federate(clientId, new EntraFake.FederatedCredential(issuer, subject, EntraFake.AUDIENCE));
    }

    /** Removes the identity's federated identity credentials, as before one is made. */
    public void forgetFederation(String clientId) {
        entra.forgetFederation(clientId);
    }

    /** How long the tokens issued from now on last (an hour by default). */
    public void tokenLifetime(java.time.Duration lifetime) {
        entra.tokenLifetime(lifetime);
    }

    /** The settings of a forwarder that sends here as an app with a client secret (AZURE_AUTH=secret). */
    public Map<String, String> clientSecretSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("INGESTION_ENDPOINT", endpoint().toString());
        settings.put("DCR_IMMUTABLE_ID", dcrImmutableId);
        settings.put("AZURE_AUTH", "secret");
        settings.put("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000001");
        settings.put("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000002");
        settings.put("AZURE_CLIENT_SECRET", "local-only-secret");
        settings.put("AZURE_AUTHORITY_HOST", endpoint() + "/");
        return settings;
    }

    /**
     * Whether the identity holds Monitoring Metrics Publisher on the rule. Without it the service authenticates the
     * token and then refuses it for this rule (403), before it looks at the stream.
     */
    public void publisherRole(boolean granted) {
        publisherRole = granted;
    }

    /**
     * From now on, refuse (400) any request holding a row whose JSON, with the table's column names, contains {@code text},
     * as the service refuses bad data.
     */
    public void refuseRowsContaining(String text) {
        refusedRowText = text;
    }

    /** From now on, answer 413 above this many bytes (compressed or not), to exercise request splitting. */
    public void limitRequestBytes(int bytes) {
        maxBytes = bytes;
    }

    public synchronized Map<String, List<JsonNode>> accepted() {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        accepted.forEach((stream, rows) -> copy.put(stream, List.copyOf(rows)));
        return copy;
    }

    public synchronized List<JsonNode> accepted(String stream) {
        return List.copyOf(accepted.getOrDefault(stream, List.of()));
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The form fields of each token request (client_id, client_secret or client_assertion, scope, grant_type...). */
    public List<Map<String, String>> tokenRequests() {
        return entra.requests();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher token = TOKEN.matcher(path);
            if (token.matches() && exchange.getRequestMethod().equals("POST")) {
                token(exchange);
                return;
            }
            if (path.endsWith("/.well-known/openid-configuration")) {
                openIdConfiguration(exchange, path);
                return;
            }
            Matcher upload = UPLOAD.matcher(path);
            if (!upload.matches() || !exchange.getRequestMethod().equals("POST")) {
                error(exchange, 404, "NotFound", "no such endpoint: " + exchange.getRequestMethod() + " " + path);
                return;
            }
            Fault fault = faults.poll();
            if (fault == null) {
                fault = outageFault();
            }
            Integer ruleAnswer = ruleAnswers.get(upload.group(1));
            if (fault == null && hangingRules.contains(upload.group(1))) {
                fault = new Fault.Hang();
            }
            if (fault == null && ruleAnswer != null) {
                fault = new Fault.Status(ruleAnswer, ruleAnswer == 429 ? "1" : null);
            }
            java.util.function.BiFunction<String, String, Fault> plan = faultPlan;
            if (fault == null && plan != null) {
                fault = plan.apply(upload.group(1), upload.group(2));
            }
            if (fault instanceof Fault.Hang) {
                exchange.getRequestBody().readAllBytes();
                record(upload.group(1), upload.group(2), 0, "InjectedHang", 0, 0, 0);
                awaitClose();
                return;
            }
            if (fault instanceof Fault.Drop) {
                exchange.getRequestBody().readAllBytes();
                return; // closing an exchange that sent no headers drops the connection unanswered
            }
            if (fault instanceof Fault.Delay delay) {
                sleep(delay.millis());
            }
            if (fault instanceof Fault.Status status) {
                if (status.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().set("Retry-After", status.retryAfterSeconds());
                }
                exchange.getRequestBody().readAllBytes();
                record(upload.group(1), upload.group(2), status.status(), "InjectedFault", 0, 0, 0);
                error(exchange, status.status(), "InjectedFault", "fault injected by the test");
                return;
            }
            upload(exchange, upload.group(1), upload.group(2));
        }
    }

    private Fault outageFault() {
        if (outage) {
            return new Fault.Status(503, null);
        }
        if (beforeOutage.get() >= 0 && beforeOutage.getAndDecrement() == 0) {
            outage = true;
            return new Fault.Status(503, null);
        }
        return null;
    }

    private void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void upload(HttpExchange exchange, String rule, String stream) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.contains("api-version=" + API_VERSION)) {
            reject(exchange, rule, stream, 400, "InvalidApiVersion", "api-version must be " + API_VERSION + ", got query " + query);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.equals("Bearer " + entra.accessToken())) {
            reject(exchange, rule, stream, 401, "InvalidToken", "the request carries no bearer token issued by this authority");
            return;
        }
        if (!rules.contains(rule)) {
            reject(exchange, rule, stream, 404, "InvalidDataCollectionRuleId", "data collection rule " + rule + " does not exist");
            return;
        }
        if (!publisherRole) {
            reject(exchange, rule, stream, 403, "OperationFailed", "The authentication token provided does not have access to ingest"
                    + " data for the data collection rule with immutable Id '" + rule + "'.");
            return;
        }
        Declared declared = streams.get(stream);
        if (declared == null) {
            reject(exchange, rule, stream, 400, "InvalidStream", "stream " + stream + " is not declared in the data collection rule");
            return;
        }
        int limit = maxBytes;
        byte[] body = exchange.getRequestBody().readNBytes(limit + 1);
        if (body.length > limit) {
            exchange.getRequestBody().readAllBytes();
            reject(exchange, rule, stream, 413, "ContentLengthLimitExceeded", "request body over " + limit + " bytes");
            return;
        }
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        byte[] json = body;
        if (gzip) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                json = in.readNBytes(limit + 1);
            } catch (IOException e) {
                reject(exchange, rule, stream, 400, "InvalidContentEncoding", "body is not valid gzip: " + e.getMessage());
                return;
            }
            if (json.length > limit) {
                reject(exchange, rule, stream, 413, "ContentLengthLimitExceeded", "uncompressed body over " + limit + " bytes");
                return;
            }
        }
        JsonNode rows;
        try {
            rows = Json.mapper().readTree(json);
        } catch (IOException e) {
            reject(exchange, rule, stream, 400, "InvalidPayload", "body is not JSON: " + e.getMessage());
            return;
        }
        if (rows == null || !rows.isArray()) {
            reject(exchange, rule, stream, 400, "InvalidPayload", "body must be a JSON array of rows"
                    + " (the real service accepts a bare object with 204 and drops it)");
            return;
        }
        String refused = refusedRowText;
        TableSchema table = declared.table();
        List<JsonNode> tableRows = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            List<String> problems = undeclared(declared, row);
            // What the generated transform makes of the row (CompactTransformTest holds the transform text to it).
            JsonNode tableRow = problems.isEmpty() ? declared.format().tableRow(table, row) : null;
            if (tableRow != null) {
                if (refused != null && tableRow.toString().contains(refused)) {
                    reject(exchange, rule, stream, 400, "InvalidPayload", "row " + i + " was refused by the test");
                    return;
                }
                problems = SchemaConformance.problems(table, tableRow);
            }
            if (!problems.isEmpty()) {
                reject(exchange, rule, stream, 400, "InvalidPayload", "row " + i + " does not match " + stream + " or "
                        + table.name() + ": " + problems);
                return;
            }
            tableRows.add(tableRow);
        }
        java.util.function.BiConsumer<String, JsonNode> observer = acceptedObserver;
        if (observer != null) {
            tableRows.forEach(row -> observer.accept(table.name(), row));
        } else {
            synchronized (this) {
                accepted.computeIfAbsent(table.name(), s -> new ArrayList<>()).addAll(tableRows);
            }
        }
        record(rule, stream, 204, "", rows.size(), body.length, json.length);
        exchange.sendResponseHeaders(204, -1);
    }

    /** The service's check of a row against the stream declaration: each field declared, of its declared JSON type. */
    private static List<String> undeclared(Declared declared, JsonNode row) {
        if (!row.isObject()) {
            return List.of("row is not a JSON object: " + row);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : row.properties()) {
            String type = declared.columns().get(field.getKey());
            JsonNode value = field.getValue();
            boolean ok = type != null && switch (type) {
                case "string", "datetime" -> value.isTextual();
                case "int" -> value.isInt();
                case "long" -> value.isIntegralNumber() && value.canConvertToLong();
                case "real" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                default -> true; // dynamic
            };
            if (!ok) {
                problems.add(type == null ? "the stream declares no column " + field.getKey()
                        : field.getKey() + " should be " + type + " but is " + value);
            }
        }
        return problems;
    }

    private void token(HttpExchange exchange) throws IOException {
        EntraFake.Answer answer = entra.token(LocalSts.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        json(exchange, answer.status(), answer.json());
    }

    private void openIdConfiguration(HttpExchange exchange, String path) throws IOException {
        String tenant = path.split("/")[1];
        String base = endpoint() + "/" + tenant;
        json(exchange, 200, "{\"token_endpoint\":\"" + base + "/oauth2/v2.0/token\",\"authorization_endpoint\":\"" + base
                + "/oauth2/v2.0/authorize\",\"issuer\":\"" + base + "/v2.0\"}");
    }

    private void reject(HttpExchange exchange, String rule, String stream, int status, String code, String message) throws IOException {
        record(rule, stream, status, code, 0, 0, 0);
        error(exchange, status, code, message);
    }

    private synchronized void record(String rule, String stream, int status, String code, int rows, int compressed, int uncompressed) {
        Declared declared = streams.get(stream);
        received.add(new Received(rule, stream, declared == null ? null : declared.table(), status, code, rows, compressed, uncompressed));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("x-ms-error-code", code);
        json(exchange, status, Json.mapper().createObjectNode().set("error",
                Json.mapper().createObjectNode().put("code", code).put("message", message)).toString());
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
