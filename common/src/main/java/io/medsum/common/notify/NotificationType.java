package io.medsum.common.notify;

import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportStatus;
import java.util.Arrays;
import java.util.Optional;

/**
 * The four terminal transitions a client is told about. The wire name is both the webhook payload's {@code type} and
 * the EventBridge {@code detail-type}, so one EventBridge rule or one webhook filter names the same thing.
 */
public enum NotificationType {
    SUCCEEDED("report.succeeded"),
    FAILED("report.failed"),
    NEEDS_REVIEW("report.needs_review"),
    REVIEWED("report.reviewed");

    private final String wireName;

    NotificationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NotificationType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    /**
     * The transition a record's current state is the result of; empty while it is not terminal. A reviewer's decision
     * is {@link #REVIEWED} whichever way it went (the status says which).
     */
    public static Optional<NotificationType> of(Report report) {
        if (report.review() != null && report.review().decision() != null) {
            return Optional.of(REVIEWED);
        }
        return switch (report.status()) {
            case SUCCESS -> Optional.of(SUCCEEDED);
            case FAILED -> Optional.of(FAILED);
            case NEEDS_REVIEW -> Optional.of(NEEDS_REVIEW);
            case PENDING, PROCESSING -> Optional.empty();
        };
    }

    /** The transition a write to {@code status} makes, outside review. */
    public static NotificationType forStatus(ReportStatus status) {
        return switch (status) {
            case SUCCESS -> SUCCEEDED;
            case FAILED -> FAILED;
            case NEEDS_REVIEW -> NEEDS_REVIEW;
            case PENDING, PROCESSING -> throw new IllegalArgumentException(status + " is not terminal");
        };
    }
}
