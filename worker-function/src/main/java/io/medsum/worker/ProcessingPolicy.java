package io.medsum.worker;

import io.medsum.common.retry.RetryBackoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the worker treats a delivered report, from its settings.
 *
 * @param lease how long a claim keeps other deliveries away (LEASE_SECONDS): longer than the worker's timeout, so a
 *     live worker's claim never expires, shorter than the queue's visibility timeout
 * @param maxReceiveCount the queue's redrive limit (MAX_RECEIVE_COUNT): a transient failure on this receive is final
 * @param backoff how long a retried message stays invisible
 * @param fallback the local extractive summary for a report whose model path failed for good (FALLBACK_SUMMARIZER);
 *     empty: such a report is FAILED with its reason
 */
record ProcessingPolicy(
        Duration lease, int maxReceiveCount, RetryBackoff backoff, Optional<FallbackSummaries> fallback) {
    ProcessingPolicy {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(fallback, "fallback");
    }
}
