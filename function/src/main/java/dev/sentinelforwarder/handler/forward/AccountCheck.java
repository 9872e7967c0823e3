package dev.sentinelforwarder.handler.forward;

import dev.sentinelforwarder.config.DestinationRules;
import dev.sentinelforwarder.pipeline.Problem;
import dev.sentinelforwarder.pipeline.RowSink;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowAccount;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.RowJson;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * On the way to the upload, the rows whose record names an AWS account that routes to another destination than the
 * object's: a record's account is written by whoever writes the log (a Firehose stream, a custom writer, one injected
 * line), so it never moves its object, but such a row would land in a workspace its account's rules do not send to.
 * They are counted, and quarantined with that reason or sent with the object, as {@code OTHER_ACCOUNT_ROWS} says. A row
 * whose account routes where the object goes (GuardDuty's administrator export of findings for members of the same
 * tenant, flows of an interface shared within it) is neither.
 */
public final class AccountCheck implements RowSink {
    /** Accounts whose destination is remembered per object: a flow log of many peers costs no rule pass per row. */
    private static final int MAX_REMEMBERED = 1_000;

    private final String destination;
    private final Function<String, String> destinationOfAccount;
    private final boolean quarantine;
    private final RowSink next;
    private final Consumer<Problem> problems;
    private final String keyAccount;
    private final Map<String, String> routes = new HashMap<>();
    private long count;
    private String first;

    /**
     * @param destination where the object's rows go
     * @param destinationOfAccount the destination of a row naming an account ({@link DestinationRules#destinationFor(DestinationRules.Place, String)})
     * @param keyAccount the account the key's pinned layout names, or null
     * @param quarantine quarantine such rows (else send them with the object)
     */
    public AccountCheck(String destination, Function<String, String> destinationOfAccount, String keyAccount, boolean quarantine, RowSink next,
            Consumer<Problem> problems) {
        this.destination = destination;
        this.destinationOfAccount = destinationOfAccount;
        this.keyAccount = keyAccount;
        this.quarantine = quarantine;
        this.next = next;
        this.problems = problems;
    }

    @Override
    public void accept(Row row, long recordIndex) throws IOException {
        String account = RowAccount.of(row);
        String elsewhere = account == null || account.equals(keyAccount) ? null : routeOf(account);
        if (elsewhere == null || elsewhere.equals(destination)) {
            next.accept(row, recordIndex);
            return;
        }
        String what = "record " + recordIndex + " names account " + account + ", whose rows go to destination " + elsewhere
                + ", in an object whose " + (keyAccount == null ? "key names no account" : "key names account " + keyAccount)
                + " and whose rows go to " + destination;
        if (count++ == 0) {
            first = what;
        }
        if (quarantine) {
            problems.accept(new Problem(Problem.Kind.OTHER_ACCOUNT, recordIndex, 0, what + " (OTHER_ACCOUNT_ROWS=quarantine: set it"
                    + " to send to let such rows go with their object, or route the object by a rule)", json(row)));
        } else {
            next.accept(row, recordIndex);
        }
    }

    private String routeOf(String account) {
        String known = routes.get(account);
        if (known != null) {
            return known;
        }
        String route = destinationOfAccount.apply(account);
        if (routes.size() < MAX_REMEMBERED) {
            routes.put(account, route);
        }
        return route;
    }

    private static String json(Row row) throws IOException {
        StringWriter text = new StringWriter();
        try (var out = dev.sentinelforwarder.format.Json.mapper().getFactory().createGenerator(text)) {
            RowJson.write(row, RowFormat.FULL, out);
        }
        return text.toString();
    }

    /** Rows whose account routes elsewhere: quarantined or sent, as the setting says. */
    long count() {
        return count;
    }

    /** The first such row, for the log line; null when there was none. */
    public String first() {
        return first;
    }
}
