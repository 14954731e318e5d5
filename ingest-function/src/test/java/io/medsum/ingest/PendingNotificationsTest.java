package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPublisher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconciler's third repair: what a writer did not publish is published after a grace period, with its id. */
class PendingNotificationsTest {
    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final RecordingPublisher bus = new RecordingPublisher();
    private final PendingNotifications repair = new PendingNotifications(
            reports, new NotificationOutbox(reports, bus, "https://api.test/v1"), clock, Duration.ofSeconds(60));

    /** A report whose writer died between its terminal write and the publish. */
    private ReportKey finishedUnannounced(String notificationId) {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        long now = clock.epochSecond();
        reports.create(
                Report.pending(key, "apikey:a", new ReportSubmission("PATIENT-001", "t", "S", Map.of()), now, 60));
        reports.claim(key, "dead-worker", now, now + 60);
        reports.succeed(key, "dead-worker", new SummaryResult("s", "model", "m", 1, 1), now, notificationId);
        return key;
    }

    @Test
    void aNotificationStillPendingAfterTheGracePeriodIsPublishedWithItsOwnId() {
        ReportKey key = finishedUnannounced("msg_crash");

        assertThat(repair.publish()).as("the writer may still be publishing").isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(repair.publish()).isEqualTo(1);

        assertThat(bus.published()).extracting(Notification::id).containsExactly("msg_crash");
        assertThat(reports.find(key).orElseThrow().notification()).isNull();
        assertThat(repair.publish()).as("once cleared, never again").isZero();
    }

    @Test
    void whileTheBusIsDownEverythingStaysForTheNextRun() {
        finishedUnannounced("msg_a");
        finishedUnannounced("msg_b");
        clock.advance(Duration.ofMinutes(5));
        bus.down(true);

        assertThat(repair.publish()).isZero();

        bus.down(false);
        assertThat(repair.publish()).isEqualTo(2);
        assertThat(bus.published()).extracting(Notification::id).containsExactlyInAnyOrder("msg_a", "msg_b");
    }

    @Test
    void aReportRedrivenSinceIsNotAnnouncedUntilItIsTerminalAgain() {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        long now = clock.epochSecond();
        reports.create(
                Report.pending(key, "apikey:a", new ReportSubmission("PATIENT-001", "t", "S", Map.of()), now, 60));
        reports.claim(key, "w1", now, now + 60);
        reports.fail(key, "w1", FailureCode.RETRIES_EXHAUSTED, now, "msg_failed");
        reports.claim(key, "redrive", now + 1, now + 600);
        clock.advance(Duration.ofMinutes(5));

        assertThat(repair.publish()).isZero();
        assertThat(bus.published()).isEmpty();
    }
}
