package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only twelve ASCII digits in a table's account column are an account; anything else names none. */
class RowAccountTest {
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(nullValues = "null", value = {"111122223333, 111122223333", "unknown, null", "'-', null", "11112222333, null",
            "1111222233334, null", "11112222333x, null", "١١١١٢٢٢٢٣٣٣٣, null", "' 111122223333', null"})
    void readsTheAccountColumn(String value, String account) {
        assertThat(RowAccount.of(new Row(Tables.AWS_VPC_FLOW).string("AccountId", value))).isEqualTo(account);
        assertThat(RowAccount.of(new Row(Tables.AWS_CLOUD_TRAIL).string("RecipientAccountId", value))).isEqualTo(account);
    }

    @org.junit.jupiter.api.Test
    void tablesWithoutAnAccountColumnAndEmptyValuesNameNone() {
        assertThat(RowAccount.of(new Row(Tables.AWS_WAF))).isNull();
        assertThat(RowAccount.of(new Row(Tables.AWS_GUARD_DUTY))).isNull();
        assertThat(RowAccount.of(new Row(Tables.AWS_SECURITY_HUB_FINDINGS).string("AwsAccountId", "444455556666"))).isEqualTo("444455556666");
    }
}
