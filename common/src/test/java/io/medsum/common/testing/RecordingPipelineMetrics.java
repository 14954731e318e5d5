package io.medsum.common.testing;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.PipelineMetrics;
import java.util.ArrayList;
import java.util.List;

/** {@link PipelineMetrics} that remembers what was recorded, for tests to read back. */
public final class RecordingPipelineMetrics implements PipelineMetrics {
    /** One reading of the model watch. */
    public record LifecycleReading(boolean notActive, long daysToEndOfLife) {}

    private int accepted;
    private int rejected;
    private final List<String> successSources = new ArrayList<>();
    private final List<FailureCode> failures = new ArrayList<>();
    private final List<Integer> reviews = new ArrayList<>();
    private final List<FailureCode> retries = new ArrayList<>();
    private int modelCalls;
    private final List<FailureCode> failedModelCalls = new ArrayList<>();
    private final List<LifecycleReading> lifecycleReadings = new ArrayList<>();
    private final List<Boolean> groundingChecks = new ArrayList<>();
    private final List<FailureCode> failedGroundingCalls = new ArrayList<>();
    private int flushes;
    private int webhookDeliveriesQueued;
    private int webhooksDelivered;
    private final List<String> webhookFailures = new ArrayList<>();
    private final List<String> webhookDeadLetters = new ArrayList<>();
    private int webhooksDropped;
    private final List<Boolean> webhookThrottles = new ArrayList<>();

    @Override
    public synchronized void accepted(int reports) {
        accepted += reports;
    }

    @Override
    public synchronized void rejected(int reports) {
        rejected += reports;
    }

    @Override
    public synchronized void succeeded(String summarySource, long endToEndMillis) {
        successSources.add(summarySource);
    }

    @Override
    public synchronized void needsReview(int unverifiedFacts) {
        reviews.add(unverifiedFacts);
    }

    @Override
    public synchronized void failed(FailureCode code) {
        failures.add(code);
    }

    @Override
    public synchronized void retried(FailureCode code) {
        retries.add(code);
    }

    @Override
    public synchronized void modelCall(long latencyMillis, int inputTokens, int outputTokens) {
        modelCalls++;
    }

    @Override
    public synchronized void modelCallFailed(FailureCode code) {
        failedModelCalls.add(code);
    }

    @Override
    public synchronized void groundingChecked(boolean belowThreshold) {
        groundingChecks.add(belowThreshold);
    }

    @Override
    public synchronized void groundingCallFailed(FailureCode code) {
        failedGroundingCalls.add(code);
    }

    /** One entry per summary the grounding check scored: true when it was below the threshold. */
    public synchronized List<Boolean> groundingChecks() {
        return List.copyOf(groundingChecks);
    }

    /** The codes of failed grounding check calls (GroundingCallsFailed). */
    public synchronized List<FailureCode> failedGroundingCalls() {
        return List.copyOf(failedGroundingCalls);
    }

    @Override
    public synchronized void modelLifecycle(boolean notActive, long daysToEndOfLife) {
        lifecycleReadings.add(new LifecycleReading(notActive, daysToEndOfLife));
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized void webhookDeliveriesQueued(int deliveries) {
        webhookDeliveriesQueued += deliveries;
    }

    @Override
    public synchronized void webhookDelivered(long latencyMillis) {
        webhooksDelivered++;
    }

    @Override
    public synchronized void webhookFailed(String reason, boolean deadLettered) {
        webhookFailures.add(reason);
        if (deadLettered) {
            webhookDeadLetters.add(reason);
        }
    }

    @Override
    public synchronized void webhookDropped() {
        webhooksDropped++;
    }

    @Override
    public synchronized void webhookThrottled(boolean deferred) {
        webhookThrottles.add(deferred);
    }

    /** Deliveries queued by fan-outs (WebhookDeliveriesQueued). */
    public synchronized int webhookDeliveriesQueued() {
        return webhookDeliveriesQueued;
    }

    /** Attempts answered 2xx (WebhookDelivered). */
    public synchronized int webhooksDelivered() {
        return webhooksDelivered;
    }

    /** The reason of every failed attempt or fan-out, in order. */
    public synchronized List<String> webhookFailures() {
        return List.copyOf(webhookFailures);
    }

    /** The reason of every failure that went to the notifications DLQ, in order. */
    public synchronized List<String> webhookDeadLetters() {
        return List.copyOf(webhookDeadLetters);
    }

    /** Deliveries dropped because their webhook or secret is gone. */
    public synchronized int webhooksDropped() {
        return webhooksDropped;
    }

    /** One entry per throttled delivery: true when it was deferred to the queue, false when it waited. */
    public synchronized List<Boolean> webhookThrottles() {
        return List.copyOf(webhookThrottles);
    }

    /** Reports counted as accepted (ReportsAccepted). */
    public synchronized int acceptedCount() {
        return accepted;
    }
    /** Reports counted as rejected (ReportsRejected). */
    public synchronized int rejectedCount() {
        return rejected;
    }
    /** The summary source of every SUCCESS ("model", "fallback"), in order. */
    public synchronized List<String> successSources() {
        return List.copyOf(successSources);
    }
    /** The unverified-fact count of every report kept for review, in order. */
    public synchronized List<Integer> reviews() {
        return List.copyOf(reviews);
    }
    /** The code of every report counted FAILED, in order. */
    public synchronized List<FailureCode> failures() {
        return List.copyOf(failures);
    }
    /** The code of every retry counted, in order. */
    public synchronized List<FailureCode> retries() {
        return List.copyOf(retries);
    }
    /** Successful model calls. */
    public synchronized int modelCalls() {
        return modelCalls;
    }
    /** The code of every failed model call, in order. */
    public synchronized List<FailureCode> failedModelCalls() {
        return List.copyOf(failedModelCalls);
    }

    public synchronized List<LifecycleReading> lifecycleReadings() {
        return List.copyOf(lifecycleReadings);
    }

    public synchronized int flushes() {
        return flushes;
    }
}
