package io.medsum.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import java.util.List;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** Lambda entry point for the SQS event source mapping (ReportBatchItemFailures). */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final BatchProcessor batches;
    private final PipelineMetrics metrics;

    public WorkerHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public WorkerHandler(Settings settings) {
        this.metrics = new PowertoolsPipelineMetrics();
        this.batches = WorkerWiring.batchProcessor(settings, metrics);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                return batches.process(event.getRecords() == null ? List.of() : event.getRecords());
            } finally {
                metrics.flush();
            }
        });
    }
}
