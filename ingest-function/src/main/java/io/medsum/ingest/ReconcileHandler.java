package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.medsum.common.config.Settings;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Scheduled Lambda entry point: enqueues reports stranded between their write and their enqueue. */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final StrandedReportReconciler reconciler;

    public ReconcileHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public ReconcileHandler(Settings settings) {
        this.reconciler = new IngestWiring(settings).reconciler();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return PowertoolsLogging.withLogging(context, () -> Map.of("reenqueued", reconciler.reconcile()));
    }
}
