package dev.sentinelforwarder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A short soak: objects of all four types, a fifth of the requests faulted, duplicate notifications and
 * deliveries. Nothing may be lost; with the ledger, nothing is sent twice. (`soak` runs the long one.)
 */
class SoakCommandTest {
    @Test
    void losesNothingUnderFaultsAndSendsNothingTwiceWithTheLedger() throws Exception {
        ObjectNode summary = SoakCommand.soak(120, 0.2, 0.1, true, 6, 7);

        assertThat(summary.get("rows_lost").longValue()).as(summary.toPrettyString()).isZero();
        assertThat(summary.get("distinct_rows_accepted").longValue()).isEqualTo(summary.get("rows_in_sources").longValue());
        assertThat(summary.get("duplicate_rows_accepted").longValue()).isZero();
        assertThat(summary.get("records_quarantined").longValue()).isEqualTo(summary.get("bad_lines_in_sources").longValue());
        assertThat(summary.get("messages_to_dlq").longValue()).isZero();
        assertThat(summary.get("requests_faulted").longValue()).isPositive();
    }

    @Test
    void withoutTheLedgerDuplicatesAreCountedAndStillNothingIsLost() throws Exception {
        ObjectNode summary = SoakCommand.soak(80, 0.1, 0.5, false, 6, 11);

        assertThat(summary.get("rows_lost").longValue()).as(summary.toPrettyString()).isZero();
        assertThat(summary.get("duplicate_rows_accepted").longValue()).isPositive();
    }
}
