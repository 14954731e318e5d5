package io.medsum.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point for the SQS event source mapping (ReportBatchItemFailures). A CRaC {@link Resource}, so SnapStart
 * runs {@link WorkerPriming} before it takes the snapshot.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private final BatchProcessor batches;
    private final PipelineMetrics metrics;
    private final WorkerPriming priming;

    public WorkerHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public WorkerHandler(Settings settings) {
        this.metrics = new PowertoolsPipelineMetrics();
        WorkerWiring wiring = new WorkerWiring(settings);
        this.batches = wiring.batchProcessor(metrics);
        this.priming = new WorkerPriming(wiring);
        Core.getGlobalContext().register(this);
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

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: clients resolve credentials per request and reconnect on their own.
    }
}
