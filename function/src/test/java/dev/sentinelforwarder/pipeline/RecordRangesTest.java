package dev.sentinelforwarder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordRangesTest {
    @Test
    void holdsExactlyTheRecordsOfItsRanges() {
        RecordRanges ranges = RecordRanges.parse("0-10,20-30");

        assertThat(ranges.contains(0)).isTrue();
        assertThat(ranges.contains(9)).isTrue();
        assertThat(ranges.contains(10)).isFalse();
        assertThat(ranges.contains(19)).isFalse();
        assertThat(ranges.contains(20)).isTrue();
        assertThat(ranges.contains(29)).isTrue();
        assertThat(ranges.contains(30)).isFalse();
        assertThat(ranges.contains(-1)).isFalse();
        assertThat(ranges.count()).isEqualTo(20);
    }

    @Test
    void unionMergesOverlappingAndTouchingRanges() {
        assertThat(RecordRanges.parse("0-10,20-30").union(RecordRanges.parse("10-15,25-40,50-60")).toString())
                .isEqualTo("0-15,20-40,50-60");
        assertThat(RecordRanges.NONE.union(RecordRanges.before(7)).toString()).isEqualTo("0-7");
    }

    @Test
    void aSpanLessItsHolesIsWhatWasSettled() {
        RecordRanges holes = RecordRanges.parse("5-8,12-20,40-50");

        assertThat(RecordRanges.span(0, 30, holes).toString()).isEqualTo("0-5,8-12,20-30");
        assertThat(RecordRanges.span(0, 30, RecordRanges.NONE).toString()).isEqualTo("0-30");
        assertThat(RecordRanges.span(0, 6, holes).toString()).isEqualTo("0-5");
        assertThat(RecordRanges.span(0, 0, holes).isEmpty()).isTrue();
    }

    @Test
    void isBoundedToAThousandRangesForAHandOn() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            text.append(i == 0 ? "" : ",").append(3 * i).append('-').append(3 * i + 1);
        }
        RecordRanges many = RecordRanges.parse(text.toString()).union(RecordRanges.parse("5000-5001"));

        assertThat(many.size()).isEqualTo(1_001);
        assertThat(many.bounded().size()).isEqualTo(1_000);
        assertThat(many.bounded().contains(5000)).isFalse();
        assertThatThrownBy(() -> RecordRanges.parse(many.toString())).hasMessage("more than 1000 record ranges");
    }

    @Test
    void roundTripsItsText() {
        assertThat(RecordRanges.parse("0-1200,1350-2000").toString()).isEqualTo("0-1200,1350-2000");
        assertThat(RecordRanges.parse("").isEmpty()).isTrue();
        assertThatThrownBy(() -> RecordRanges.parse("0-5,5-9")).hasMessageStartingWith("record ranges must be non-empty, ascending and apart");
        assertThatThrownBy(() -> RecordRanges.parse("a-b")).hasMessage("'a-b' is not a record range start-end");
    }
}
