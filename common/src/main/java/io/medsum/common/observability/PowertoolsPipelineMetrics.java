package io.medsum.common.observability;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.ports.PipelineMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link PipelineMetrics} as CloudWatch EMF through Powertools. Failure codes become a dimension of a separately
 * flushed context; patient data never becomes a dimension or a value. Synchronized because the worker records from
 * several threads into one invocation's context, and fail-safe because a metrics problem must never change what happens
 * to a report.
 */
public final class PowertoolsPipelineMetrics implements PipelineMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(PowertoolsPipelineMetrics.class);
    private final Metrics metrics;

    public PowertoolsPipelineMetrics() {
        this(MetricsFactory.getMetricsInstance());
    }

    PowertoolsPipelineMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public synchronized void accepted(int reports) {
        safely(() -> metrics.addMetric("ReportsAccepted", reports, MetricUnit.COUNT));
    }

    @Override
    public synchronized void rejected(int reports) {
        safely(() -> metrics.addMetric("ReportsRejected", reports, MetricUnit.COUNT));
    }

    @Override
    public synchronized void succeeded(String summarySource, long endToEndMillis) {
        safely(() -> {
            metrics.addMetric("ReportsSucceeded", 1, MetricUnit.COUNT);
            metrics.addMetric("EndToEndLatency", endToEndMillis, MetricUnit.MILLISECONDS);
            if ("fallback".equals(summarySource)) {
                metrics.addMetric("FallbackSummaries", 1, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public synchronized void needsReview(int unverifiedFacts) {
        safely(() -> {
            metrics.addMetric("ReportsNeedingReview", 1, MetricUnit.COUNT);
            metrics.addMetric("UnverifiedFacts", unverifiedFacts, MetricUnit.COUNT);
        });
    }

    @Override
    public synchronized void failed(FailureCode code) {
        safely(() -> {
            metrics.addMetric("ReportsFailed", 1, MetricUnit.COUNT);
            // A separate context, so the code dimension does not multiply the invocation's other metrics.
            metrics.flushMetrics(byCode -> {
                byCode.addDimension(DimensionSet.of("FailureCode", code.name()));
                byCode.addMetric("ReportsFailedByCode", 1, MetricUnit.COUNT);
            });
        });
    }

    @Override
    public synchronized void retried(FailureCode code) {
        safely(() -> {
            if (code.fromGroundingCheck()) {
                metrics.addMetric("GroundingRetries", 1, MetricUnit.COUNT);
                return;
            }
            metrics.addMetric("ModelRetries", 1, MetricUnit.COUNT);
            if (code == FailureCode.MODEL_THROTTLED) {
                metrics.addMetric("ModelThrottles", 1, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public synchronized void modelCall(long latencyMillis, int inputTokens, int outputTokens) {
        safely(() -> {
            metrics.addMetric("ModelLatency", latencyMillis, MetricUnit.MILLISECONDS);
            metrics.addMetric("InputTokens", inputTokens, MetricUnit.COUNT);
            metrics.addMetric("OutputTokens", outputTokens, MetricUnit.COUNT);
        });
    }

    @Override
    public synchronized void modelCallFailed(FailureCode code) {
        // The configured model is gone (end of life, wrong id or region): alarmed on the first call,
        // long before the retries of the reports it hits run out.
        if (code == FailureCode.MODEL_NOT_FOUND) {
            safely(() -> metrics.addMetric("ModelNotFound", 1, MetricUnit.COUNT));
        }
    }

    @Override
    public synchronized void groundingChecked(boolean belowThreshold) {
        safely(() -> {
            metrics.addMetric("GroundingChecked", 1, MetricUnit.COUNT);
            metrics.addMetric("GroundingBelowThreshold", belowThreshold ? 1 : 0, MetricUnit.COUNT);
        });
    }

    @Override
    public synchronized void groundingCallFailed(FailureCode code) {
        // Access denied or a guardrail that is gone is a configuration error: alarmed on the first call.
        safely(() -> {
            metrics.addMetric("GroundingCallsFailed", 1, MetricUnit.COUNT);
            if (code.kind() == FailureCode.Kind.CONFIGURATION) {
                metrics.addMetric("GroundingMisconfigured", 1, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public synchronized void modelLifecycle(boolean notActive, long daysToEndOfLife) {
        safely(() -> {
            metrics.addMetric("ModelNotActive", notActive ? 1 : 0, MetricUnit.COUNT);
            if (daysToEndOfLife >= 0) {
                metrics.addMetric("ModelDaysToEndOfLife", daysToEndOfLife, MetricUnit.COUNT);
            }
        });
    }

    @Override
    public synchronized void webhookDeliveriesQueued(int deliveries) {
        safely(() -> metrics.addMetric("WebhookDeliveriesQueued", deliveries, MetricUnit.COUNT));
    }

    @Override
    public synchronized void webhookDelivered(long latencyMillis) {
        safely(() -> {
            metrics.addMetric("WebhookDelivered", 1, MetricUnit.COUNT);
            metrics.addMetric("WebhookLatency", latencyMillis, MetricUnit.MILLISECONDS);
        });
    }

    @Override
    public synchronized void webhookFailed(String reason, boolean deadLettered) {
        safely(() -> {
            metrics.addMetric("WebhookFailed", 1, MetricUnit.COUNT);
            if (deadLettered) {
                metrics.addMetric("WebhookDeadLettered", 1, MetricUnit.COUNT);
            }
            // A separate context, like ReportsFailedByCode: the reason dimension stays off the other metrics.
            metrics.flushMetrics(byReason -> {
                byReason.addDimension(DimensionSet.of("Reason", reason));
                byReason.addMetric("WebhookFailedByReason", 1, MetricUnit.COUNT);
            });
        });
    }

    @Override
    public synchronized void webhookDropped() {
        safely(() -> metrics.addMetric("WebhookDropped", 1, MetricUnit.COUNT));
    }

    @Override
    public synchronized void webhookThrottled(boolean deferred) {
        safely(() -> metrics.addMetric(deferred ? "WebhookDeferred" : "WebhookThrottled", 1, MetricUnit.COUNT));
    }

    @Override
    public synchronized void flush() {
        safely(metrics::flush);
    }

    private static void safely(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not record a metric: {}", SafeErrors.describe(e));
        }
    }
}
