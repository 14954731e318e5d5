package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A token bucket per webhook: a second's burst, then the rate; short waits reserved, long ones deferred. */
class DeliveryRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void aQuietWebhookTakesABurstOfOneSecondsWorthAtOnce() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(5, Duration.ofSeconds(10), now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("wh_1")).isEqualTo(new DeliveryRateLimiter.Decision(0, 0));
        }
    }

    @Test
    void beyondTheBurstEachDeliveryReservesTheNextTokenAndWaitsForIt() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(5, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("wh_1");
        }

        assertThat(limiter.acquire("wh_1").waitNanos()).isEqualTo(SECOND / 5);
        assertThat(limiter.acquire("wh_1").waitNanos()).isEqualTo(2 * SECOND / 5);
        assertThat(limiter.acquire("wh_1").waitNanos()).isEqualTo(3 * SECOND / 5);
    }

    @Test
    void aWaitLongerThanTheLimitIsDeferredAndReservesNothing() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(1, Duration.ofSeconds(2), now::get);
        limiter.acquire("wh_1"); // the burst
        assertThat(limiter.acquire("wh_1").waitNanos()).isEqualTo(SECOND);
        assertThat(limiter.acquire("wh_1").waitNanos()).isEqualTo(2 * SECOND);

        DeliveryRateLimiter.Decision deferred = limiter.acquire("wh_1");

        assertThat(deferred.deferred()).isTrue();
        assertThat(deferred.deferNanos()).isEqualTo(3 * SECOND);
        // Nothing was reserved: once the waits are over, the next delivery goes at once.
        now.addAndGet(3 * SECOND);
        assertThat(limiter.acquire("wh_1")).isEqualTo(new DeliveryRateLimiter.Decision(0, 0));
    }

    @Test
    void tokensComeBackAtTheRateUpToTheBurst() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(2, Duration.ZERO, now::get);
        limiter.acquire("wh_1");
        limiter.acquire("wh_1");
        assertThat(limiter.acquire("wh_1").deferred()).isTrue();

        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("wh_1").deferred()).isFalse();
        assertThat(limiter.acquire("wh_1").deferred()).isTrue();

        now.addAndGet(60 * SECOND); // a long pause refills only up to one second's worth
        assertThat(limiter.acquire("wh_1").deferred()).isFalse();
        assertThat(limiter.acquire("wh_1").deferred()).isFalse();
        assertThat(limiter.acquire("wh_1").deferred()).isTrue();
    }

    @Test
    void eachWebhookHasItsOwnBucket() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(1, Duration.ZERO, now::get);
        limiter.acquire("wh_1");

        assertThat(limiter.acquire("wh_1").deferred()).isTrue();
        assertThat(limiter.acquire("wh_2").deferred()).isFalse();
    }

    @Test
    void manyIdleWebhooksAreForgottenWithoutChangingWhatTheyMayDo() {
        DeliveryRateLimiter limiter = new DeliveryRateLimiter(1, Duration.ZERO, now::get);
        for (int i = 0; i < 1_500; i++) {
            limiter.acquire("wh_" + i);
        }
        now.addAndGet(SECOND);

        assertThat(limiter.acquire("wh_new").deferred()).isFalse();
        assertThat(limiter.acquire("wh_0").deferred()).isFalse();
    }

    @Test
    void aRateBelowOneIsAConfigurationError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DeliveryRateLimiter(0, Duration.ZERO, now::get))
                .withMessageContaining("WEBHOOK_RATE_PER_SECOND");
    }
}
