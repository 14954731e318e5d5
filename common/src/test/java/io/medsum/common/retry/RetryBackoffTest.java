package io.medsum.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private final Random random = new Random(7);
    private final RetryBackoff backoff = new RetryBackoff(10, 300, bound -> (long) (random.nextDouble() * bound));

    @Test
    void growsExponentiallyWithTheReceiveCount() {
        assertThat(backoff.delaySeconds(1)).isBetween(5, 10);
        assertThat(backoff.delaySeconds(2)).isBetween(10, 20);
        assertThat(backoff.delaySeconds(3)).isBetween(20, 40);
        assertThat(backoff.delaySeconds(4)).isBetween(40, 80);
    }

    @Test
    void isCapped() {
        for (int receive = 1; receive < 100; receive++) {
            assertThat(backoff.delaySeconds(receive)).isBetween(1, 300);
        }
        assertThat(backoff.delaySeconds(50)).isBetween(150, 300);
    }

    @Test
    void spreadsABurstOfEqualReceiveCounts() {
        var delays = new HashSet<Integer>();
        for (int i = 0; i < 50; i++) {
            delays.add(backoff.delaySeconds(4));
        }
        assertThat(delays.size()).isGreaterThan(10);
    }

    @Test
    void neverReturnsImmediately() {
        RetryBackoff unlucky = new RetryBackoff(10, 300, bound -> 0);
        assertThat(unlucky.delaySeconds(1)).isEqualTo(5);
    }

    @Test
    void aBaseAboveTheCapFailsAtConstructionNamingBothSettings() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryBackoff(600, 300, bound -> 0))
                .withMessageContaining("RETRY_BASE_SECONDS=600")
                .withMessageContaining("RETRY_CAP_SECONDS=300");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryBackoff(-1, 300, bound -> 0));
    }

    @Test
    void aBaseEqualToTheCapIsAllowed() {
        assertThat(new RetryBackoff(300, 300, bound -> bound - 1).delaySeconds(1))
                .isEqualTo(300);
    }

    @Test
    void noDelayExceedsTheTwelveHourVisibilityLimitOfSqsWhateverTheCap() {
        RetryBackoff generous = new RetryBackoff(3_600, 100_000, bound -> bound - 1);

        assertThat(generous.delaySeconds(1)).isEqualTo(3_600);
        for (int receive = 1; receive < 100; receive++) {
            assertThat(generous.delaySeconds(receive)).isLessThanOrEqualTo(RetryBackoff.MAX_DELAY_SECONDS);
        }
        assertThat(generous.delaySeconds(10)).isEqualTo(43_200);
    }
}
