package io.medsum.ingest;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.ReportStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the gap between a terminal write and its publish: a record whose notification is still pending after a grace
 * period (its writer died, or the bus refused) is published here, with the id the write fixed. The grace period lets
 * the writer's own publish go first; a publish both make is one duplicate with one id, which receivers drop.
 */
public final class PendingNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(PendingNotifications.class);
    private static final int MAX_PER_RUN = 1000;

    private final ReportStore reports;
    private final NotificationOutbox outbox;
    private final Clock clock;
    private final Duration gracePeriod;

    public PendingNotifications(ReportStore reports, NotificationOutbox outbox, Clock clock, Duration gracePeriod) {
        this.reports = reports;
        this.outbox = outbox;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
    }

    /** Returns how many pending notifications were published. */
    public int publish() {
        long before = clock.instant().minus(gracePeriod).getEpochSecond();
        List<ReportKey> keys = reports.findAwaitingNotification(before, MAX_PER_RUN);
        if (keys.isEmpty()) {
            return 0;
        }
        // A record redriven since (PROCESSING again) is no longer terminal: its next terminal write replaces the
        // marker.
        List<Notification> pending = keys.stream()
                .map(reports::find)
                .flatMap(Optional::stream)
                .map(Notification::pendingIn)
                .flatMap(Optional::stream)
                .toList();
        int published = outbox.deliverAll(pending);
        LOG.warn("Published {} pending notification(s) of {} found", published, keys.size());
        return published;
    }
}
