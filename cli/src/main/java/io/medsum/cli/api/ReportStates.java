package io.medsum.cli.api;

import io.medsum.common.domain.ReportStatus;

/** The report states as the API spells them, read by a client that may be older than the server. */
public final class ReportStates {
    private ReportStates() {}

    /** SUCCESS, NEEDS_REVIEW or FAILED: the pipeline is done with it (a review is a person's next step). */
    public static boolean isTerminal(String status) {
        try {
            return ReportStatus.valueOf(status).isTerminal();
        } catch (IllegalArgumentException unknown) {
            return false; // a status newer than this client: keep polling
        }
    }
}
