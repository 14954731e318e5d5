package io.medsum.common.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.RecordingPublisher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publish, then clear: the marker goes only when the bus took the notification. */
class NotificationOutboxTest {
    private static final long NOW = 1_800_000_000L;
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final RecordingPublisher bus = new RecordingPublisher();
    private final NotificationOutbox outbox = new NotificationOutbox(reports, bus, "https://api.test/v1");

    private Report succeeded(String notificationId) {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        reports.create(
                Report.pending(key, "apikey:a", new ReportSubmission("PATIENT-001", "t", "S", Map.of()), NOW, 60));
        reports.claim(key, "t", NOW, NOW + 60);
        reports.succeed(key, "t", new SummaryResult("s", "model", "m", 1, 1), NOW + 1, notificationId);
        return reports.find(key).orElseThrow();
    }

    @Test
    void aPublishedNotificationClearsItsMarker() {
        Report report = succeeded("msg_1");

        assertThat(outbox.deliverPending(report)).isTrue();

        assertThat(bus.published()).extracting(Notification::id).containsExactly("msg_1");
        assertThat(reports.find(report.key()).orElseThrow().notification()).isNull();
    }

    @Test
    void anUnreachableBusLeavesTheMarkerForTheNextTry() {
        Report report = succeeded("msg_2");
        bus.down(true);

        assertThat(outbox.deliverPending(report)).isFalse();
        assertThat(reports.find(report.key()).orElseThrow().notification()).isNotNull();

        bus.down(false);
        assertThat(outbox.deliverPending(reports.find(report.key()).orElseThrow()))
                .isTrue();
        assertThat(bus.published()).extracting(Notification::id).containsExactly("msg_2");
    }

    @Test
    void anEntryTheBusRefusedStaysPendingWhileTheOthersClear() {
        Report refused = succeeded("msg_refused");
        Report taken = succeeded("msg_taken");
        bus.refuse("msg_refused");

        int cleared = outbox.deliverAll(List.of(
                Notification.pendingIn(refused).orElseThrow(),
                Notification.pendingIn(taken).orElseThrow()));

        assertThat(cleared).isEqualTo(1);
        assertThat(reports.find(refused.key()).orElseThrow().notification()).isNotNull();
        assertThat(reports.find(taken.key()).orElseThrow().notification()).isNull();
    }

    @Test
    void aPublishedNotificationWhoseClearFailedIsPublishedAgainWithTheSameId() {
        Report report = succeeded("msg_3");
        reports.outage().of(InMemoryReportStore.Operation.CLEAR_NOTIFICATION);

        assertThat(outbox.deliverPending(report)).isFalse();
        reports.outage().end();
        assertThat(outbox.deliverPending(reports.find(report.key()).orElseThrow()))
                .isTrue();

        assertThat(bus.published()).extracting(Notification::id).containsExactly("msg_3", "msg_3");
    }

    @Test
    void aRecordWithNothingPendingNeedsNothing() {
        Report report = succeeded("msg_4");
        outbox.deliverPending(report);

        assertThat(outbox.deliverPending(reports.find(report.key()).orElseThrow()))
                .isTrue();
        assertThat(bus.published()).hasSize(1);
    }
}
