package io.medsum.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.notifier.delivery.NotificationBatchProcessor;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of the notifications queue (SQS event source, ReportBatchItemFailures): fans notifications out to
 * their tenant's webhooks and delivers them, signed ({@link io.medsum.notifier.delivery.NotificationProcessor}). A CRaC
 * {@link Resource}, so SnapStart runs {@link NotifierPriming} before it takes the snapshot.
 */
public final class NotifierHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private final NotificationBatchProcessor batches;
    private final PipelineMetrics metrics;
    private final NotifierPriming priming;

    public NotifierHandler() {
        this(Settings.fromSystemEnvironment());
    }

    /** The local stack and tests build handlers from their own environment map. */
    public NotifierHandler(Settings settings) {
        this.metrics = new PowertoolsPipelineMetrics();
        NotifierWiring wiring = new NotifierWiring(settings);
        this.batches = wiring.batchProcessor(metrics);
        this.priming = new NotifierPriming(wiring);
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
        // Nothing to renew: clients resolve credentials per request, and every delivery connects afresh.
    }
}
