package dev.sentinelforwarder.format;

import static dev.sentinelforwarder.format.Reading.readAll;
import static dev.sentinelforwarder.format.Reading.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VpcFlowReaderTest {
    @Test
    void readsValuesByTheHeaderAndTreatsRunsOfSpacesAsOne() throws IOException {
        var reads = readAll(Reading.vpc("""
                version srcaddr dstaddr action
                3 10.0.0.1   10.0.0.2 ACCEPT
                3 - - NODATA
                """));

        assertThat(reads).hasSize(2);
        var first = (Read.Record<VpcFlowRecord>) reads.get(0);
        assertThat(first.value().header().fields()).containsExactly("version", "srcaddr", "dstaddr", "action");
        assertThat(first.value().values()).containsExactly("3", "10.0.0.1", "10.0.0.2", "ACCEPT");
        assertThat(first.line()).isEqualTo(2);
        assertThat(((Read.Record<VpcFlowRecord>) reads.get(1)).value().values()).containsExactly("3", "-", "-", "NODATA");
    }

    @Test
    void usesTheV2DefaultOrderWhenThereIsNoHeader() throws IOException {
        var reads = readAll(Reading.vpc(
                "2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1795341600 1795341660 ACCEPT OK\n"));

        var record = ((Read.Record<VpcFlowRecord>) reads.getFirst()).value();
        assertThat(record.header()).isSameAs(VpcFlowHeader.V2_DEFAULT);
        assertThat(record.values()[12]).isEqualTo("ACCEPT");
    }

    @Test
    void aRepeatedHeaderAppliesToTheLinesAfterIt() throws IOException {
        var reads = readAll(Reading.vpc("""
                srcaddr dstaddr
                10.0.0.1 10.0.0.2
                dstaddr srcaddr log-status
                10.0.0.9 10.0.0.8 OK
                """));

        var second = ((Read.Record<VpcFlowRecord>) reads.get(1)).value();
        assertThat(second.header().fields()).isEqualTo(List.of("dstaddr", "srcaddr", "log-status"));
        assertThat(second.values()).containsExactly("10.0.0.9", "10.0.0.8", "OK");
    }

    @Test
    void reportsALineWithTheWrongNumberOfFieldsAndReadsOn() throws IOException {
        var reads = readAll(Reading.vpc("""
                srcaddr dstaddr action
                10.0.0.1 10.0.0.2
                10.0.0.1 10.0.0.2 ACCEPT
                """));

        assertThat(reads.getFirst()).isEqualTo(new Read.Unreadable<VpcFlowRecord>(0, 2,
                "expected 3 space-separated fields (srcaddr dstaddr action), found 2"));
        assertThat(reads.get(1)).isInstanceOf(Read.Record.class);
    }

    @Test
    void aLineOfMoreFieldsThanAnyFormatHasIsUnreadableWithoutSplittingItAll() throws IOException {
        // 300,000 one-character fields: short enough for the line limit, and a record no flow log format has.
        var reads = readAll(Reading.vpc("x ".repeat(300_000) + "\n2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 49152 6 1 40 1 2 ACCEPT OK\n"));

        assertThat(reads.getFirst()).isEqualTo(new Read.Unreadable<VpcFlowRecord>(0, 1, "more than " + VpcFlowReader.MAX_FIELDS
                + " space-separated fields, more than a flow log record or header has"));
        assertThat(reads.get(1)).isInstanceOf(Read.Record.class);
        assertThat(VpcFlowReader.split("a b c d", 2)).containsExactly("a", "b");
    }
}
