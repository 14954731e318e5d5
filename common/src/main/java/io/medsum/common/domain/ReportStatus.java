package io.medsum.common.domain;

/** Lifecycle of a report: PENDING → PROCESSING → SUCCESS | FAILED (see DESIGN.md). */
public enum ReportStatus {
    PENDING,
    PROCESSING,
    SUCCESS,
    FAILED;

    public boolean isTerminal() {
        return this == SUCCESS || this == FAILED;
    }
}
