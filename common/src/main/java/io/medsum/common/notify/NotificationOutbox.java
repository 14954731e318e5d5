package io.medsum.common.notify;

import io.medsum.common.domain.Report;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.NotificationPublisher;
import io.medsum.common.ports.ReportStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of the outbox: publish a terminal transition's notification, then clear its marker. The one way every
 * writer of a terminal state (worker, reviewer, dead-letter sweep) and every repairer (a redelivered message, the
 * reconciler) publishes. A failure anywhere leaves the marker, so the notification is published again later with the
 * same id: at least once, never lost.
 */
public final class NotificationOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);

    private final ReportStore reports;
    private final NotificationPublisher publisher;
    private final String apiUrl;

    /**
     * @param apiUrl the API's base URL for each notification's statusUrl; null where only requests know it (the status
     *     function is behind the API it would have to name: its outbox is {@link #withApiUrl} per request)
     */
    public NotificationOutbox(ReportStore reports, NotificationPublisher publisher, String apiUrl) {
        this.reports = reports;
        this.publisher = publisher;
        this.apiUrl = apiUrl;
    }

    /** The same outbox naming another API base URL in statusUrl (the request's own, in the status function). */
    public NotificationOutbox withApiUrl(String baseUrl) {
        return new NotificationOutbox(reports, publisher, baseUrl);
    }

    /** Publishes one notification and clears its marker; false when it stays pending. */
    public boolean deliver(Notification notification) {
        return deliverAll(List.of(notification)) == 1;
    }

    /** Publishes what a record still has pending (a redelivery of a finished report); true when nothing is left. */
    public boolean deliverPending(Report report) {
        Optional<Notification> pending = Notification.pendingIn(report);
        return pending.isEmpty() || deliver(pending.get());
    }

    /** Publishes the notifications and clears the marker of each one published; returns how many were cleared. */
    public int deliverAll(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return 0;
        }
        if (apiUrl == null) {
            throw new IllegalStateException("This outbox has no API URL to name in statusUrl");
        }
        Set<String> published;
        try {
            published = publisher.publish(notifications, apiUrl);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not publish {} notification(s); they stay pending: {}",
                    notifications.size(),
                    SafeErrors.describe(e));
            return 0;
        }
        List<Notification> done = new ArrayList<>(published.size());
        for (Notification n : notifications) {
            if (published.contains(n.id())) {
                done.add(n);
            }
        }
        if (done.size() < notifications.size()) {
            LOG.warn(
                    "{} notification(s) not accepted by the bus; they stay pending",
                    notifications.size() - done.size());
        }
        int cleared = 0;
        for (Notification n : done) {
            try {
                reports.clearNotification(n.report(), n.id());
                cleared++;
            } catch (RuntimeException e) {
                // Published but still marked: published again later with the same id, which receivers drop.
                LOG.warn("Could not clear a published notification's marker: {}", SafeErrors.describe(e));
            }
        }
        return cleared;
    }
}
