package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Scheduled Lambda entry point for the two repairs that keep every accepted report moving: enqueue
 * reports stranded between their write and their enqueue, and fail reports whose messages reached the
 * dead-letter queue unfinished.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final StrandedReportReconciler reconciler;
    private final DeadLetterSweep deadLetters;
    private final PipelineMetrics metrics;

    public ReconcileHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public ReconcileHandler(Settings settings) {
        IngestWiring wiring = new IngestWiring(settings);
        this.metrics = new PowertoolsPipelineMetrics();
        this.reconciler = wiring.reconciler();
        this.deadLetters = wiring.deadLetterSweep(metrics);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                return Map.of("reenqueued", reconciler.reconcile(), "deadLettersFailed", deadLetters.sweep());
            } finally {
                metrics.flush();
            }
        });
    }
}
