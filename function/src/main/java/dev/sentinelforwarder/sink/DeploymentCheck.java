package dev.sentinelforwarder.sink;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.sentinelforwarder.clock.Deadline;
import dev.sentinelforwarder.clock.TimeBudget;
import dev.sentinelforwarder.config.DataCollectionRule;
import dev.sentinelforwarder.config.Destination;
import dev.sentinelforwarder.config.ForwarderConfig;
import dev.sentinelforwarder.format.LogType;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Verifies a deployment's Azure side with the forwarder's own configuration and credentials, before any log
 * arrives: a token for the Logs Ingestion API, then, for each rule and each configured stream, a request of an empty array.
 * The service authenticates the token, authorises it on the data collection rule and resolves the stream
 * before it reads the body, and answers 204 to a valid empty array without storing anything, so the request
 * tests everything a real one needs and leaves no row behind.
 */
public final class DeploymentCheck {
    /** The Logs Ingestion API's scope, as the Azure SDK's client asks for it. */
    static final String SCOPE = "https://monitor.azure.com//.default";
    /** The longest one step may wait for its answer. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    /** One thing checked: what, whether it passed, and the answer or what to fix. */
    public record Step(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "ok    " : "FAIL  ") + name + ": " + detail;
        }
    }

    /**
     * One destination as the forwarder sends to it.
     *
     * @param credential the token source of its identity
     * @param rules a client for each of its data collection rules
     */
    public record Workspace(Destination destination, TokenCredential credential, List<? extends IngestionClient> rules) {
        public Workspace {
            rules = List.copyOf(rules);
        }
    }

    private final ForwarderConfig config;
    private final List<Workspace> workspaces;

    public DeploymentCheck(ForwarderConfig config, List<Workspace> workspaces) {
        this.config = config;
        this.workspaces = List.copyOf(workspaces);
    }

    /**
     * Runs the steps in order, every destination in turn: its token, then each rule's streams; after a failed token that
     * destination's streams are not tried (each would fail the same way), the other destinations are.
     */
    public List<Step> run(Deadline deadline) {
        List<Step> steps = new ArrayList<>();
        Map<String, List<String>> tablesByStream = new LinkedHashMap<>();
        for (LogType type : LogType.values()) {
            tablesByStream.computeIfAbsent(config.streamFor(type), s -> new ArrayList<>()).add(Tables.of(type).name());
        }
        PackedRequest empty = emptyRequest();
        for (Workspace workspace : workspaces) {
            String where = workspaces.size() > 1 ? "destination " + workspace.destination().name() + " " : "";
            Step token = token(workspace, where);
            steps.add(token);
            if (!token.passed()) {
                continue;
            }
            for (IngestionClient ingestion : workspace.rules()) {
                String rule = where + (workspace.rules().size() > 1 ? "rule " + ingestion.rule().immutableId() + " " : "");
                tablesByStream.forEach((stream, tables) -> steps.add(stream(workspace, ingestion, rule + "stream " + stream + " ("
                        + String.join(", ", tables) + ")", stream, empty, deadline)));
            }
        }
        return steps;
    }

    private Step stream(Workspace workspace, IngestionClient ingestion, String name, String stream, PackedRequest empty, Deadline deadline) {
        Duration timeout = timeout(deadline);
        if (timeout.isZero()) {
            return new Step(name, false, "not tried: the invocation's time ran out");
        }
        SendOutcome outcome = ingestion.send(stream, empty, timeout);
        if (outcome instanceof SendOutcome.Failed failed && failed.status() == 401) {
            ingestion.renewCredentials(); // as a delivery would: the secret may have been rotated since the token
            outcome = ingestion.send(stream, empty, timeout(deadline));
        }
        return switch (outcome) {
            case SendOutcome.Accepted accepted -> new Step(name, true, "an empty request was accepted (204): rows can be sent");
            case SendOutcome.Failed failed -> new Step(name, false, explained(failed, stream, ingestion.rule(), workspace.destination()));
        };
    }

    private static Step token(Workspace workspace, String where) {
        try {
            AccessToken token = workspace.credential().getTokenSync(new TokenRequestContext().addScopes(SCOPE));
            return new Step(where + "token", true, describe(workspace.destination().identity()) + ", valid until "
                    + token.getExpiresAt().toInstant());
        } catch (RuntimeException e) {
            return new Step(where + "token", false, explained(AzureIngestionClient.notSent(e), null, workspace.rules().getFirst().rule(),
                    workspace.destination()));
        }
    }

    private static String explained(SendOutcome.Failed failed, String stream, DataCollectionRule rule, Destination destination) {
        String remedy = Remedy.of(failed, stream, rule, destination);
        return failed + (remedy == null ? "" : "; to fix: " + remedy);
    }

    private static String describe(ForwarderConfig.AzureCredentialsSource source) {
        return switch (source) {
            case ForwarderConfig.AzureCredentialsSource.Federated f -> "Entra issued one for managed identity " + f.clientId()
                    + " in exchange for the function's AWS token (no secret)";
            case ForwarderConfig.AzureCredentialsSource.FromSecret s -> "Entra issued one for the app in " + s.secretArn();
            case ForwarderConfig.AzureCredentialsSource.Direct d -> "Entra issued one for the app " + d.clientId();
        };
    }

    private static Duration timeout(Deadline deadline) {
        Duration left = deadline.remaining().minus(TimeBudget.ATTEMPTS_END);
        return left.compareTo(TimeBudget.MIN_ATTEMPT) < 0 ? Duration.ZERO : left.compareTo(STEP_TIMEOUT) > 0 ? STEP_TIMEOUT : left;
    }

    private static PackedRequest emptyRequest() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(body)) {
            gzip.write("[]".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // No row, so no table's schema applies; the client sends only the body to the stream it is given.
        return new PackedRequest(Tables.of(LogType.CLOUDTRAIL), RowFormat.FULL, body.toByteArray(), new long[0], 2);
    }
}
