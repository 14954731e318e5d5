package io.medsum.ingest;

import io.medsum.common.domain.ReportKey;
import io.medsum.common.http.ProblemType;

/** What became of one submitted report. */
sealed interface IntakeOutcome {
    /** Accepted now, or earlier under the same Idempotency-Key ({@code replayed}). */
    record Accepted(ReportKey key, boolean replayed) implements IntakeOutcome {}

    /** Not accepted; nothing of it was kept. */
    record Refused(ProblemType problem, String detail) implements IntakeOutcome {}
}
