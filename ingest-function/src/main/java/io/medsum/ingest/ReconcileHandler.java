package io.medsum.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.medsum.common.config.Settings;
import io.medsum.common.observability.PowertoolsPipelineMetrics;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Scheduled Lambda entry point for the repairs that keep every accepted report moving and announced: enqueue reports
 * stranded between their write and their enqueue, fail reports whose messages reached the dead-letter queue unfinished,
 * and publish notifications still pending after their transition.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private final StrandedReportReconciler reconciler;
    private final DeadLetterSweep deadLetters;
    private final PendingNotifications notifications;
    private final PipelineMetrics metrics;
    private final IngestWiring wiring;

    public ReconcileHandler() {
        this(Settings.fromSystemEnvironment());
    }

    public ReconcileHandler(Settings settings) {
        this.wiring = new IngestWiring(settings);
        this.metrics = new PowertoolsPipelineMetrics();
        this.reconciler = wiring.reconciler();
        this.deadLetters = wiring.deadLetterSweep(metrics);
        this.notifications = wiring.pendingNotifications();
        Core.getGlobalContext().register(this);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Repairs.Outcome outcome;
            try {
                Map<String, IntSupplier> repairs = new LinkedHashMap<>();
                repairs.put("reenqueued", reconciler::reconcile);
                repairs.put("deadLettersFailed", deadLetters::sweep);
                repairs.put("notificationsPublished", notifications::publish);
                outcome = Repairs.runEach(repairs);
            } finally {
                metrics.flush();
            }
            if (!outcome.allRan()) {
                // After every repair had its turn: the invocation error is what Lambda's Errors metric counts.
                throw new IllegalStateException(
                        "Repairs failed: " + outcome.failures().keySet());
            }
            return Map.copyOf(outcome.counts());
        });
    }

    /** Runs every 5 minutes, so restores are frequent; the dry run warms its one query and its sends. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew.
    }

    Priming prime() {
        return new Priming("reconciler")
                .step(
                        "DynamoDB Query of the AwaitingEnqueue index (dry run)",
                        () -> wiring.clients.dryRun(reconciler::reconcile))
                .step(
                        "SQS SendMessageBatch (dry run)",
                        () -> wiring.clients.dryRun(
                                () -> wiring.queue.enqueueAll(List.of(SampleRequests.ABSENT_REPORT))))
                .step("SQS ReceiveMessage of the DLQ (dry run)", () -> wiring.clients.dryRun(deadLetters::sweep))
                .step(
                        "DynamoDB Query of the AwaitingNotification index (dry run)",
                        () -> wiring.clients.dryRun(notifications::publish))
                .done();
    }
}
