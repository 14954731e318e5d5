package io.medsum.bench.spike;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizingTest {
    @Test
    void inFlightCallsMatchQuotaTimesLatency() {
        // 600 rpm x 0.5 s / 60 = 5 in flight: 5 workers of 1 (MaxConcurrency's minimum is 2, so 1 x 5 is out).
        Sizing s = Sizing.fromQuota(600, 500);
        assertThat(s.target()).isEqualTo(5.0);
        assertThat(s.inFlight()).isEqualTo(5);
        assertThat(s.concurrency()).isEqualTo(5);

        assertThat(Sizing.fromQuota(6000, 500))
                .extracting(Sizing::concurrency, Sizing::parallelism)
                .containsExactly(5, 10);
        assertThat(Sizing.fromQuota(60, 100).inFlight()).isEqualTo(2); // never below MaxConcurrency 2 x 1
    }

    @Test
    void quotaWindowHoldsAWholeNumberOfCalls() {
        assertThat(SpikeBench.wholeWindow(600)).isEqualTo(1);
        assertThat(SpikeBench.wholeWindow(100)).isEqualTo(3);
        assertThat(SpikeBench.wholeWindow(7)).isEqualTo(60);
    }
}
