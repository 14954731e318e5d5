package io.medsum.common.domain;

/**
 * Lifecycle of a report: PENDING → PROCESSING → SUCCESS | NEEDS_REVIEW | FAILED (see DESIGN.md). SUCCESS means the
 * model answered and the faithfulness check verified every fact; NEEDS_REVIEW keeps a summary the check could not
 * verify until a reviewer approves it (→ SUCCESS) or rejects it (→ FAILED).
 */
public enum ReportStatus {
    PENDING,
    PROCESSING,
    SUCCESS,
    NEEDS_REVIEW,
    FAILED;

    /** The pipeline is done with it: no worker will touch it again (a review decision is a person's). */
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED || this == NEEDS_REVIEW;
    }
}
