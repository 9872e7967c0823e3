package dev.sentinelforwarder.table;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AWS account a row's record names, for the tables whose records name one: the account the event or finding belongs
 * to. Routing uses it where the object's key names no account; the forwarder counts rows whose account is not the key's.
 */
public final class RowAccount {
    private static final Map<TableSchema, String> COLUMNS = Map.of(
            Tables.AWS_CLOUD_TRAIL, "RecipientAccountId",
            Tables.AWS_GUARD_DUTY, "AccountId",
            Tables.AWS_VPC_FLOW, "AccountId",
            Tables.AWS_ROUTE53_RESOLVER, "AccountId",
            Tables.AWS_SECURITY_HUB_FINDINGS, "AwsAccountId");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private RowAccount() {
    }

    /** The 12-digit account id, or null: a table without one, an empty value, a flow's {@code unknown} or {@code -}. */
    public static String of(Row row) {
        String column = COLUMNS.get(row.table());
        return column != null && row.get(column) instanceof String account && ACCOUNT.matcher(account).matches() ? account : null;
    }
}
