package io.medsum.common.notify;

import io.medsum.common.domain.ReportIds;

/**
 * Notification ids: {@code msg_} + a ULID, the form the Standard Webhooks specification shows for {@code webhook-id}.
 * Drawn when the transition is written and stored with it, so every retry publishes the same id; a report that fails,
 * is redriven and succeeds gets one per transition.
 */
public final class NotificationIds {
    public static final String PREFIX = "msg_";

    private NotificationIds() {}

    public static String next() {
        return PREFIX + ReportIds.next().substring(ReportIds.PREFIX.length());
    }
}
