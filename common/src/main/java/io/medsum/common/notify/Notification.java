package io.medsum.common.notify;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * What a client is told when a report reaches a terminal state: ids and the outcome, never text, summary or metadata
 * (receivers fetch the report through the API). {@code id} is fixed when the transition is written and is the same on
 * every publish and delivery of it, so receivers drop duplicates by it.
 *
 * @param tenant whose report it is: only that tenant's webhooks receive it
 * @param failureCode the reason for {@link ReportStatus#FAILED}, else null
 */
public record Notification(
        String id,
        NotificationType type,
        Instant timestamp,
        String tenant,
        ReportKey report,
        ReportStatus status,
        FailureCode failureCode) {

    /** The notification a record's pending marker stands for; empty when it has none or is not terminal (any more). */
    public static Optional<Notification> pendingIn(Report report) {
        PendingNotification pending = report.notification();
        if (pending == null || !report.status().isTerminal()) {
            return Optional.empty();
        }
        return NotificationType.of(report)
                .map(type -> new Notification(
                        pending.id(),
                        type,
                        Instant.ofEpochSecond(pending.at()),
                        report.tenant(),
                        report.key(),
                        report.status(),
                        report.status() == ReportStatus.FAILED ? report.lastErrorCode() : null));
    }

    @Override
    public String toString() {
        // The report key holds the raw patient id: not for logs.
        return "Notification[id=" + id + ", type=" + type.wireName() + ", reportId=" + report.reportId() + "]";
    }
}
