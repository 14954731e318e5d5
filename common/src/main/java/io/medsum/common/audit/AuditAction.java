package io.medsum.common.audit;

/** What was done to patient data; the wire name is what the audit log and {@code ./medsum audit} show. */
public enum AuditAction {
    REPORT_SUBMIT("report.submit"),
    BATCH_SUBMIT("reports.submit-batch"),
    REPORT_READ("report.read"),
    REPORT_LIST("reports.list"),
    REPORT_REVIEW("report.review"),
    DLQ_LIST("dlq.list"),
    DLQ_REDRIVE("dlq.redrive");

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
