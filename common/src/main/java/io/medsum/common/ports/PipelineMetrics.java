package io.medsum.common.ports;

import io.medsum.common.domain.FailureCode;

/** Business metrics of the pipeline. Dimensions are codes and names, never patient data. */
public interface PipelineMetrics {
    void accepted(int reports);

    void rejected(int reports);

    void succeeded(String summarySource, long endToEndMillis);

    /** A summary kept for review, with how many of its facts the check could not verify. */
    void needsReview(int unverifiedFacts);

    void failed(FailureCode code);

    void retried(FailureCode code);

    void modelCall(long latencyMillis, int inputTokens, int outputTokens);

    /** A model call that failed, by its classified code (recorded for every failed call, retried or not). */
    void modelCallFailed(FailureCode code);

    /** The optional grounding check scored a summary; {@code belowThreshold} when it sent it to review. */
    void groundingChecked(boolean belowThreshold);

    /** A grounding check call (ApplyGuardrail) that failed, by its classified GROUNDING_* code. */
    void groundingCallFailed(FailureCode code);

    /**
     * The configured model's lifecycle, from the scheduled watch: {@code notActive} while it is Legacy or unknown to
     * Bedrock, and the days to its end of life once Bedrock gives a date (else negative).
     */
    void modelLifecycle(boolean notActive, long daysToEndOfLife);

    /** A notification fanned out: one delivery queued per webhook of its tenant that receives its type. */
    default void webhookDeliveriesQueued(int deliveries) {}

    /** A webhook answered 2xx; {@code latencyMillis} of that attempt (connect, send, answer). */
    default void webhookDelivered(long latencyMillis) {}

    /**
     * A webhook delivery attempt (or a fan-out) failed; {@code reason} is a code of a few values (TIMEOUT, HTTP_5XX
     * ...), never a URL. {@code deadLettered} when it was the last attempt and went to the notifications DLQ.
     */
    default void webhookFailed(String reason, boolean deadLettered) {}

    /** A delivery acknowledged without an attempt: its webhook (or its signing secret) is gone. */
    default void webhookDropped() {}

    /**
     * A delivery over its webhook's rate: it waited in the notifier, or ({@code deferred}) went back to the queue for a
     * moment.
     */
    default void webhookThrottled(boolean deferred) {}

    void flush();

    PipelineMetrics NONE = new PipelineMetrics() {
        @Override
        public void accepted(int reports) {}

        @Override
        public void rejected(int reports) {}

        @Override
        public void succeeded(String summarySource, long endToEndMillis) {}

        @Override
        public void needsReview(int unverifiedFacts) {}

        @Override
        public void failed(FailureCode code) {}

        @Override
        public void retried(FailureCode code) {}

        @Override
        public void modelCall(long latencyMillis, int inputTokens, int outputTokens) {}

        @Override
        public void modelCallFailed(FailureCode code) {}

        @Override
        public void groundingChecked(boolean belowThreshold) {}

        @Override
        public void groundingCallFailed(FailureCode code) {}

        @Override
        public void modelLifecycle(boolean notActive, long daysToEndOfLife) {}

        @Override
        public void flush() {}
    };
}
