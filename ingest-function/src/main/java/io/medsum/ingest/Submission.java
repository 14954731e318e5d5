package io.medsum.ingest;

import io.medsum.common.domain.ReportSubmission;
import java.util.Optional;

/** A validated submission with the idempotency key that applies to it, if any. */
record Submission(ReportSubmission report, Optional<IdempotencyKey> idempotencyKey) {}
