package dev.sentinelforwarder.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RowTest {
    /**
     * Compact date-times are whole Unix microseconds, checked here against exact arithmetic (BigInteger), not against our
     * own decoder: from the first to the last microsecond a datetime column holds, past 2106 (where seconds with a
     * fraction, read as a double, come back a microsecond off) and before 1970.
     */
    @Test
    void compactRowsCarryDateTimesAsExactUnixMicroseconds() throws Exception {
        String[] instants = {"2026-11-22T10:15:30Z", "2026-11-22T10:15:30.120Z", "2026-11-22T10:15:30.000123Z",
            "2106-02-07T06:28:16.000001Z", "2262-04-11T23:47:16.854775Z", "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59.750Z", "1969-12-31T23:59:58Z", "1970-01-01T00:00:00.000001Z"};
        for (String text : instants) {
            Instant t = Instant.parse(text);
            BigInteger exact = BigInteger.valueOf(t.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000))
                    .add(BigInteger.valueOf(t.getNano() / 1000));
            Row row = new Row(Tables.AWS_VPC_FLOW).dateTime("TimeGenerated", t);

            assertThat(text(row, RowFormat.COMPACT)).as(text).isEqualTo("{\"a\":" + exact + "}");
            assertThat(write(row, RowFormat.FULL).get("TimeGenerated").textValue()).isEqualTo(text);
        }
        Row nanos = new Row(Tables.AWS_VPC_FLOW).dateTime("TimeGenerated", Instant.parse("2026-11-22T10:15:30.000123789Z"));
        assertThat(text(nanos, RowFormat.COMPACT)).as("nanoseconds: below what any source gives").isEqualTo("{\"a\":1795342530000123}");
    }

    /**
     * A compact CloudWatch or flow row leaves out a TimeGenerated that repeats the event's time or the flow's Start, and
     * keeps one that does not (a message-only line, a flow without start: the object's time); the table's row has it either way.
     */
    @Test
    void compactRowsLeaveOutATimeGeneratedThatRepeatsItsSourceColumn() throws Exception {
        Instant event = Instant.parse("2026-11-22T10:15:30.123Z");
        Instant object = Instant.parse("2026-11-22T10:20:00Z");
        Row timed = new Row(Tables.AWS_CLOUD_WATCH).dateTime("TimeGenerated", event).dateTime("ExtractedTime", event).string("Message", "m");
        Row untimed = new Row(Tables.AWS_CLOUD_WATCH).dateTime("TimeGenerated", object).string("Message", "m");
        Row flow = new Row(Tables.AWS_VPC_FLOW).dateTime("TimeGenerated", event).dateTime("Start", event);
        Row otherTime = new Row(Tables.AWS_VPC_FLOW).dateTime("TimeGenerated", object).dateTime("Start", event);
        Row guardDuty = new Row(Tables.AWS_GUARD_DUTY).dateTime("TimeGenerated", event).dateTime("TimeCreated", event);

        assertThat(text(timed, RowFormat.COMPACT)).isEqualTo("{\"b\":1795342530123000,\"c\":\"m\"}");
        assertThat(text(untimed, RowFormat.COMPACT)).isEqualTo("{\"a\":1795342800000000,\"c\":\"m\"}");
        assertThat(text(flow, RowFormat.COMPACT)).isEqualTo("{\"l\":1795342530123000}");
        assertThat(text(otherTime, RowFormat.COMPACT)).isEqualTo("{\"a\":1795342800000000,\"l\":1795342530123000}");
        assertThat(text(guardDuty, RowFormat.COMPACT)).as("a table without a source column sends both")
                .isEqualTo("{\"a\":1795342530123000,\"b\":1795342530123000}");
        for (Row row : new Row[] {timed, untimed, flow, otherTime, guardDuty}) {
            assertThat(RowFormat.COMPACT.tableRow(row.table(), write(row, RowFormat.COMPACT))).as(row.table().name())
                    .isEqualTo(write(row, RowFormat.FULL));
        }
    }

    @Test
    void aDateTimeNoDatetimeColumnHoldsIsCountedAndLeftOut() {
        Row row = new Row(Tables.AWS_VPC_FLOW).dateTime("TimeGenerated", Instant.parse("+10000-01-01T00:00:00Z"))
                .dateTime("Start", Instant.parse("-0001-12-31T23:59:59Z"));

        assertThat(row.get("TimeGenerated")).isNull();
        assertThat(row.get("Start")).isNull();
        assertThat(row.invalidValues()).containsExactly("TimeGenerated: +10000-01-01T00:00:00Z is outside 0001-01-01 to 9999-12-31",
                "Start: -0001-12-31T23:59:59Z is outside 0001-01-01 to 9999-12-31");
    }

    /** What quarantine kept is read back (to be replayed) into the same row: every type, numbers in dynamic JSON as written. */
    @Test
    void aRowAsTheTableHasItReadsBackIntoTheSameRow() throws Exception {
        String kept = "{\"TimeGenerated\":\"2026-11-22T10:15:30.000123Z\",\"Id\":\"f1\",\"Severity\":5,"
                + "\"ResourceDetails\":{\"big\":1e400,\"exact\":0.1000000000000000000000000000000001,\"list\":[2.50]},"
                + "\"ServiceDetails\":\"[]\"}";

        Row row = RowJson.read(Tables.AWS_GUARD_DUTY, kept);

        assertThat(text(row, RowFormat.FULL)).isEqualTo(kept);
        assertThatThrownBy(() -> RowJson.read(Tables.AWS_GUARD_DUTY, "{\"NoSuchColumn\":1}")).hasMessage("AWSGuardDuty has no column NoSuchColumn");
    }

    @Test
    void keepsValuesUpToTheLimitWhole() {
        String exactly = "a".repeat(Row.MAX_VALUE_BYTES);
        Row row = new Row(Tables.AWS_CLOUD_WATCH).string("Message", exactly);

        assertThat(row.get("Message")).isSameAs(exactly);
        assertThat(row.truncatedValues()).isZero();
    }

    @Test
    void truncatesLongValuesOnACharacterBoundaryAndCountsIt() {
        // 'é' is two bytes: 32,767 of them plus one more cannot fit in 65,536 bytes without splitting one.
        String text = "x" + "é".repeat(40_000);
        Row row = new Row(Tables.AWS_CLOUD_WATCH).string("Message", text);

        String kept = (String) row.get("Message");
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_535);
        assertThat(text).startsWith(kept);
        assertThat(row.truncatedValues()).isEqualTo(1);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "ab" + "😀".repeat(20_000); // 4 bytes each in UTF-8
        Row row = new Row(Tables.AWS_CLOUD_WATCH).string("Message", text);

        String kept = (String) row.get("Message");
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_534);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
        assertThat(new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(kept);
    }

    @Test
    void setsGuidColumnsOnlyForGuids() {
        Row row = new Row(Tables.AWS_CLOUD_TRAIL)
                .guid("AwsEventId", "0E1D2C3B-4A59-6877-8695-A4B3C2D1E0F9")
                .guid("AwsRequestId", "7A8B9C0D1E2F3A4B");

        assertThat(row.get("AwsEventId")).isEqualTo("0E1D2C3B-4A59-6877-8695-A4B3C2D1E0F9");
        assertThat(row.get("AwsRequestId")).isNull();
    }

    @Test
    void recognisesGuidsExactly() {
        assertThat(Row.isGuid("0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9")).isTrue();
        assertThat(Row.isGuid("0E1D2C3B-4A59-6877-8695-A4B3C2D1E0F9")).isTrue();
        assertThat(Row.isGuid("0e1d2c3b-4a59-6877-8695-a4b3c2d1e0f")).isFalse();
        assertThat(Row.isGuid("0e1d2c3b-4a59-6877-8695-a4b3c2d1e0fg")).isFalse();
        assertThat(Row.isGuid("0e1d2c3b44a59-6877-8695-a4b3c2d1e0f9")).isFalse();
        assertThat(Row.isGuid("{e1d2c3b-4a59-6877-8695-a4b3c2d1e0f9")).isFalse();
    }

    @Test
    void refusesAValueOfTheWrongTypeOrAnUnknownColumn() {
        Row row = new Row(Tables.AWS_VPC_FLOW);

        assertThatThrownBy(() -> row.string("Packets", "12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AWSVPCFlow.Packets is INT, not STRING");
        assertThatThrownBy(() -> row.string("TenantId", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AWSVPCFlow has no column TenantId");
    }

    @Test
    void sendsAnOversizedDynamicValueAsTruncatedText() throws Exception {
        String json = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
        Row row = new Row(Tables.AWS_GUARD_DUTY).dynamic("ResourceDetails", json).dynamic("ServiceDetails", "{\"b\":1}");

        JsonNode written = write(row);
        assertThat(written.get("ResourceDetails").isTextual()).isTrue();
        assertThat(written.get("ResourceDetails").textValue()).hasSize(Row.MAX_VALUE_BYTES);
        assertThat(written.get("ServiceDetails").get("b").intValue()).isEqualTo(1);
        assertThat(row.truncatedValues()).isEqualTo(1);
    }

    @Test
    void writesEachTypeAsItsJsonTypeAndLeavesEmptyColumnsOut() throws Exception {
        Row row = new Row(Tables.AWS_VPC_FLOW)
                .dateTime("TimeGenerated", Instant.parse("2026-11-22T10:00:00Z"))
                .integer("SrcPort", 443)
                .longInteger("Bytes", 5_000_000_000L)
                .string("Action", "ACCEPT");

        JsonNode written = write(row);
        assertThat(written.toString()).isEqualTo(
                "{\"TimeGenerated\":\"2026-11-22T10:00:00Z\",\"SrcPort\":443,\"Bytes\":5000000000,\"Action\":\"ACCEPT\"}");
        assertThat(SchemaConformance.problems(Tables.AWS_VPC_FLOW, written)).isEmpty();
    }

    static JsonNode write(Row row) throws Exception {
        return write(row, RowFormat.FULL);
    }

    static JsonNode write(Row row, RowFormat format) throws Exception {
        return Json.mapper().readTree(text(row, format));
    }

    /** The row's JSON text as it goes on the wire. */
    static String text(Row row, RowFormat format) throws Exception {
        StringWriter text = new StringWriter();
        try (var out = Json.mapper().getFactory().createGenerator(text)) {
            RowJson.write(row, format, out);
        }
        return text.toString();
    }
}
