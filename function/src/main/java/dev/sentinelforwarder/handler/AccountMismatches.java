package dev.sentinelforwarder.handler;

import dev.sentinelforwarder.pipeline.RowSink;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowAccount;
import java.io.IOException;

/**
 * Counts, on the way to the upload, the rows whose record names another AWS account than the object's key. Expected for
 * GuardDuty's administrator exports (the key names the administrator, the findings its members) and for flows of
 * interfaces shared into the key's account; anywhere else it means the key does not say where the log came from, so the
 * object's line says so: routing by account went by the key's.
 */
final class AccountMismatches implements RowSink {
    private final String keyAccount;
    private final RowSink next;
    private long count;
    private String first;

    /** @param keyAccount the account the key names, or null (nothing to compare) */
    AccountMismatches(String keyAccount, RowSink next) {
        this.keyAccount = keyAccount;
        this.next = next;
    }

    @Override
    public void accept(Row row, long recordIndex) throws IOException {
        if (keyAccount != null) {
            String account = RowAccount.of(row);
            if (account != null && !account.equals(keyAccount)) {
                if (count++ == 0) {
                    first = "record " + recordIndex + " names account " + account + ", the key " + keyAccount;
                }
            }
        }
        next.accept(row, recordIndex);
    }

    long count() {
        return count;
    }

    /** The first mismatch, for the log line; null when there was none. */
    String first() {
        return first;
    }
}
