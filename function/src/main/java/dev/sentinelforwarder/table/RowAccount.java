package dev.sentinelforwarder.table;

import java.util.Map;

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

    private RowAccount() {
    }

    /** The 12-digit account id, or null: a table without one, an empty value, a flow's {@code unknown} or {@code -}. */
    public static String of(Row row) {
        String column = COLUMNS.get(row.table());
        return column != null && row.get(column) instanceof String account && isAccountId(account) ? account : null;
    }

    /** Twelve ASCII digits; by hand rather than a regular expression because it runs for every row. */
    static boolean isAccountId(String text) {
        if (text.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
