package io.medsum.ingest;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other gap a queue leaves: a message whose deliveries were all spent by invocations that died (Lambda timeouts,
 * crashes) reaches the DLQ while its report is still PENDING or PROCESSING, and no worker will ever see it again. The
 * sweep reads the DLQ without removing anything and fails such reports with DELIVERIES_EXHAUSTED (redrivable), so every
 * report ends SUCCESS or FAILED with a reason and the message stays for the operator's redrive.
 */
public final class DeadLetterSweep {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSweep.class);
    private static final int MAX_PER_RUN = 1000;

    private final ReportStore reports;
    private final WorkQueue queue;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final NotificationOutbox outbox;

    public DeadLetterSweep(
            ReportStore reports, WorkQueue queue, PipelineMetrics metrics, Clock clock, NotificationOutbox outbox) {
        this.outbox = outbox;
        this.reports = reports;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Returns how many unfinished reports it failed. */
    public int sweep() {
        List<ReportKey> deadLettered = queue.peekDeadLetters(MAX_PER_RUN);
        int failed = 0;
        for (ReportKey key : deadLettered) {
            if (reports.failUnfinished(
                    key, FailureCode.DELIVERIES_EXHAUSTED, clock.instant().getEpochSecond(), NotificationIds.next())) {
                metrics.failed(FailureCode.DELIVERIES_EXHAUSTED);
                failed++;
                // The write returned no record: read it for its tenant. Unpublished, it waits for PendingNotifications.
                reports.find(key).ifPresent(outbox::deliverPending);
            }
        }
        if (failed > 0) {
            LOG.warn(
                    "Failed {} reports whose messages reached the dead-letter queue unfinished ({})",
                    failed,
                    FailureCode.DELIVERIES_EXHAUSTED);
        }
        return failed;
    }
}
