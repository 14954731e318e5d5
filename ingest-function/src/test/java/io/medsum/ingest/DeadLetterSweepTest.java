package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.common.testing.RecordingPublisher;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reports whose messages reached the DLQ unfinished are failed DELIVERIES_EXHAUSTED; their messages stay. */
class DeadLetterSweepTest {
    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final DeadLetterSweep sweep = new DeadLetterSweep(
            reports, queue, metrics, clock, new NotificationOutbox(reports, publisher, "https://api.test/v1"));

    private long now() {
        return clock.epochSecond();
    }

    private ReportKey deadLettered() {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        reports.create(Report.pending(
                key, "apikey:test", new ReportSubmission("PATIENT-001", "text", "S", Map.of()), now(), 3600));
        queue.deadLetter(ReportMessage.encode(key), null);
        return key;
    }

    @Test
    void aPendingReportWhoseMessageIsInTheDeadLetterQueueIsFailedAndItsMessageKept() {
        ReportKey key = deadLettered();

        assertThat(sweep.sweep()).isEqualTo(1);

        assertThat(reports.find(key).orElseThrow().status()).isEqualTo(ReportStatus.FAILED);
        assertThat(reports.find(key).orElseThrow().lastErrorCode()).isEqualTo(FailureCode.DELIVERIES_EXHAUSTED);
        assertThat(metrics.failures()).containsExactly(FailureCode.DELIVERIES_EXHAUSTED);
        assertThat(queue.peekDeadLetters(10))
                .as("kept for the operator's redrive")
                .containsExactly(key);
    }

    @Test
    void theFailureIsAnnouncedToTheReportsTenant() {
        ReportKey key = deadLettered();

        sweep.sweep();

        assertThat(publisher.published()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(NotificationType.FAILED);
            assertThat(n.failureCode()).isEqualTo(FailureCode.DELIVERIES_EXHAUSTED);
            assertThat(n.tenant()).isEqualTo("apikey:test");
            assertThat(n.report()).isEqualTo(key);
        });
        assertThat(reports.find(key).orElseThrow().notification()).isNull();
    }

    @Test
    void aReportAWorkerStillHoldsOrFinishedIsLeftAlone() {
        ReportKey held = deadLettered();
        reports.claim(held, "live-worker", now(), now() + 60);
        ReportKey finished = deadLettered();
        reports.claim(finished, "t", now(), now() + 60);
        reports.succeed(finished, "t", new SummaryResult("s", "model", "m", 1, 1), now(), NotificationIds.next());

        assertThat(sweep.sweep()).isZero();

        assertThat(reports.find(held).orElseThrow().status()).isEqualTo(ReportStatus.PROCESSING);
        assertThat(reports.find(finished).orElseThrow().status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(metrics.failures()).isEmpty();
    }

    @Test
    void aSecondSweepFailsNothingAgain() {
        deadLettered();
        sweep.sweep();

        assertThat(sweep.sweep()).isZero();
        assertThat(metrics.failures()).hasSize(1);
    }

    @Test
    void unreadableDeadLettersAreSkipped() {
        queue.deadLetter("not a report reference", "MALFORMED_MESSAGE");

        assertThat(sweep.sweep()).isZero();
    }
}
