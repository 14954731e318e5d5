package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestQuotaTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long SECOND = 1_000_000_000L;

    private final RequestQuota quota = new RequestQuota();

    @Test
    void admitsUpToTheLimitWithinTheWindow() {
        assertThat(quota.tryAcquire(2, MINUTE, 0)).isTrue();
        assertThat(quota.tryAcquire(2, MINUTE, 10 * SECOND)).isTrue();
        assertThat(quota.tryAcquire(2, MINUTE, 20 * SECOND)).isFalse();
    }

    @Test
    void theWindowSlidesOneCallAtATime() {
        quota.tryAcquire(2, MINUTE, 0);
        quota.tryAcquire(2, MINUTE, 30 * SECOND);

        assertThat(quota.tryAcquire(2, MINUTE, 59 * SECOND)).isFalse();
        assertThat(quota.tryAcquire(2, MINUTE, 60 * SECOND)).isTrue();
        assertThat(quota.tryAcquire(2, MINUTE, 61 * SECOND)).isFalse();
        assertThat(quota.tryAcquire(2, MINUTE, 90 * SECOND)).isTrue();
    }

    @Test
    void rejectedCallsDoNotUseUpTheQuota() {
        quota.tryAcquire(1, MINUTE, 0);
        for (long t = 1; t < 60; t++) {
            assertThat(quota.tryAcquire(1, MINUTE, t * SECOND)).isFalse();
        }

        assertThat(quota.tryAcquire(1, MINUTE, 60 * SECOND)).isTrue();
    }

    @Test
    void zeroIsUnlimitedAndTurningAQuotaOnStartsAFreshWindow() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(quota.tryAcquire(0, MINUTE, i)).isTrue();
        }

        assertThat(quota.tryAcquire(1, MINUTE, 1_000)).isTrue();
        assertThat(quota.tryAcquire(1, MINUTE, 1_001)).isFalse();
    }

    @Test
    void honoursAShortenedWindow() {
        Duration window = Duration.ofMillis(100);
        quota.tryAcquire(1, window, 0);

        assertThat(quota.tryAcquire(1, window, window.toNanos() - 1)).isFalse();
        assertThat(quota.tryAcquire(1, window, window.toNanos())).isTrue();
    }
}
