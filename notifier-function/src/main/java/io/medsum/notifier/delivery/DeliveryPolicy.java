package io.medsum.notifier.delivery;

import io.medsum.common.retry.RetryBackoff;
import java.util.Objects;

/**
 * How failed deliveries are retried, from the notifier's settings.
 *
 * @param maxAttempts WEBHOOK_MAX_ATTEMPTS: a delivery whose attempt this many (or more) fails goes to the DLQ; so does
 *     a fan-out that fails on this many receives
 * @param backoff WEBHOOK_RETRY_BASE_SECONDS and WEBHOOK_RETRY_CAP_SECONDS: how long a failed message stays invisible
 */
public record DeliveryPolicy(int maxAttempts, RetryBackoff backoff) {
    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("WEBHOOK_MAX_ATTEMPTS must be at least 1, not " + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
    }
}
