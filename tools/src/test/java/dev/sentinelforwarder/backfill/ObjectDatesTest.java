package dev.sentinelforwarder.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectDatesTest {
    private static final Instant WRITTEN = Instant.parse("2026-12-01T08:30:00Z");

    @Test
    void theKeysDayWinsOverWhenTheObjectWasWritten() {
        assertThat(ObjectDates.of("AWSLogs/1/CloudTrail/us-east-1/2026/10/31/1_CloudTrail_x.json.gz", WRITTEN))
                .isEqualTo(Instant.parse("2026-10-31T00:00:00Z"));
        assertThat(ObjectDates.of("AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2026/month=02/day=28/"
                + "hour=23/x.log.gz", WRITTEN)).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
    }

    @Test
    void aKeyWithoutAValidDayFallsBackToLastModified() {
        assertThat(ObjectDates.of("exports/app/part-0001.csv.gz", WRITTEN)).isEqualTo(WRITTEN);
        assertThat(ObjectDates.of("AWSLogs/1/CloudTrail/us-east-1/2026/02/30/x.json.gz", WRITTEN)).as("no 30 February").isEqualTo(WRITTEN);
        assertThat(ObjectDates.of("logs/20261031/x.gz", WRITTEN)).isEqualTo(WRITTEN);
    }
}
