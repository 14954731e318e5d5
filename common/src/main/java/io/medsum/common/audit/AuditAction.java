package io.medsum.common.audit;

/**
 * What was done to patient data, or to what decides where notifications about it go (webhooks); the wire name is what
 * the audit log and {@code ./medsum audit} show.
 */
public enum AuditAction {
    REPORT_SUBMIT("report.submit"),
    BATCH_SUBMIT("reports.submit-batch"),
    REPORT_READ("report.read"),
    REPORT_LIST("reports.list"),
    REPORT_REVIEW("report.review"),
    DLQ_LIST("dlq.list"),
    DLQ_REDRIVE("dlq.redrive"),
    /** A webhook registered: from then on its receiver is told of the tenant's reports. */
    WEBHOOK_CREATE("webhook.create"),
    WEBHOOK_LIST("webhooks.list"),
    WEBHOOK_DELETE("webhook.delete"),
    /** An operator read the notifications dead-letter queue (notifications name patients and reports). */
    WEBHOOK_FAILURES_LIST("webhook-failures.list"),
    WEBHOOK_FAILURES_REDRIVE("webhook-failures.redrive");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static AuditAction fromWireName(String name) {
        for (AuditAction action : values()) {
            if (action.wireName.equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("Unknown audit action: " + name);
    }
}
