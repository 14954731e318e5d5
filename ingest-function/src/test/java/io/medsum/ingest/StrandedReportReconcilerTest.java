package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records written but never confirmed as enqueued are enqueued after a grace period. */
class StrandedReportReconcilerTest {
    private static final Duration GRACE = Duration.ofSeconds(300);

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private final StrandedReportReconciler reconciler = new StrandedReportReconciler(reports, queue, clock, GRACE);

    private ReportKey writtenButNeverQueued(String patientId) {
        ReportKey key = new ReportKey(patientId, ReportIds.next());
        reports.create(Report.pending(
                key, "apikey:test", new ReportSubmission(patientId, "text", "S", Map.of()), clock.epochSecond(), 3600));
        return key;
    }

    @Test
    void aStrandedReportIsEnqueuedOnceItsGracePeriodIsOverAndThenLeftAlone() {
        ReportKey stranded = writtenButNeverQueued("PATIENT-001");

        clock.advance(GRACE);
        assertThat(reconciler.reconcile()).as("still within its grace period").isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(queue.messages()).containsExactly(stranded);

        assertThat(reconciler.reconcile()).as("confirmed: not sent twice").isZero();
    }

    @Test
    void aReportWhoseMessageCouldNotBeSentStaysForTheNextRun() {
        ReportKey refused = writtenButNeverQueued("PATIENT-REFUSED");
        ReportKey sent = writtenButNeverQueued("PATIENT-001");
        queue.refuseMessagesFor(key -> key.equals(refused));
        clock.advance(GRACE.plusSeconds(1));

        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(queue.messages()).containsExactly(sent);

        queue.refuseMessagesFor(key -> false);
        assertThat(reconciler.reconcile()).isEqualTo(1);
        assertThat(queue.messages()).containsExactly(sent, refused);
    }
}
