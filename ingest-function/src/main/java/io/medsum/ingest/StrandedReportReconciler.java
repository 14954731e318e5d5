package io.medsum.ingest;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the one gap between two services: a report written PENDING whose enqueue was never confirmed (the ingest
 * process died in between, or its compensation failed). Such records stay in the sparse AwaitingEnqueue index; after a
 * grace period they are enqueued here. A duplicate message is harmless: the worker's claim makes the second delivery a
 * no-op.
 */
public final class StrandedReportReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(StrandedReportReconciler.class);
    private static final int MAX_PER_RUN = 1000;

    private final ReportStore reports;
    private final WorkQueue queue;
    private final Clock clock;
    private final Duration gracePeriod;

    public StrandedReportReconciler(ReportStore reports, WorkQueue queue, Clock clock, Duration gracePeriod) {
        this.reports = reports;
        this.queue = queue;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
    }

    /** Returns how many stranded reports were enqueued. */
    public int reconcile() {
        long before = clock.instant().minus(gracePeriod).getEpochSecond();
        List<ReportKey> stranded = reports.findAwaitingEnqueue(before, MAX_PER_RUN);
        if (stranded.isEmpty()) {
            return 0;
        }
        List<ReportKey> unsent = queue.enqueueAll(stranded);
        int sent = 0;
        for (ReportKey key : stranded) {
            if (!unsent.contains(key)) {
                reports.markEnqueued(key);
                sent++;
            }
        }
        LOG.warn(
                "Re-enqueued {} stranded reports ({} could not be sent and stay for the next run)",
                sent,
                unsent.size());
        return sent;
    }
}
