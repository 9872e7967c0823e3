package dev.sentinelforwarder.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
    @Test
    void primesEveryLogTypeWithoutTheNetwork() throws Exception {
        long rows = new SnapStartPriming().prime();

        // About 1 MB of each type: hundreds of CloudTrail records, thousands of CloudWatch lines.
        assertThat(rows).isGreaterThan(10_000);
    }
}
