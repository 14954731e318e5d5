package io.medsum.worker;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.ports.SummaryModel;
import io.medsum.common.ports.SummaryModel.ModelException;
import io.medsum.common.ports.SummaryModel.ModelSummary;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.worker.grounding.GroundingCheckException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivered report to its next state. The claim (a conditional write with a lease and a fencing token) makes
 * duplicate and concurrent deliveries call the model at most once per attempt and never summarize a finished report
 * again.
 */
public final class ReportProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ReportProcessor.class);
    /** The finding kind of a summary the check could not run on. */
    static final String UNCHECKED = "unchecked";

    private final ReportStore reports;
    private final SummaryModel model;
    private final SummaryVerifier verifier;
    private final GroundingGate grounding;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final ProcessingPolicy policy;
    private final NotificationOutbox outbox;

    ReportProcessor(
            ReportStore reports,
            SummaryModel model,
            SummaryVerifier verifier,
            PipelineMetrics metrics,
            Clock clock,
            ProcessingPolicy policy,
            NotificationOutbox outbox) {
        this(reports, model, verifier, GroundingGate.OFF, metrics, clock, policy, outbox);
    }

    ReportProcessor(
            ReportStore reports,
            SummaryModel model,
            SummaryVerifier verifier,
            GroundingGate grounding,
            PipelineMetrics metrics,
            Clock clock,
            ProcessingPolicy policy,
            NotificationOutbox outbox) {
        this.outbox = outbox;
        this.reports = reports;
        this.model = model;
        this.verifier = verifier;
        this.grounding = grounding;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = policy;
    }

    MessageOutcome process(ReportKey key, int receiveCount) {
        String token = UUID.randomUUID().toString();
        long now = clock.instant().getEpochSecond();
        Claim claim;
        try {
            claim = reports.claim(key, token, now, now + policy.lease().toSeconds());
        } catch (RuntimeException e) {
            LOG.warn("Could not claim the report: {}", SafeErrors.describe(e));
            return new MessageOutcome.RetryLater(policy.backoff().delaySeconds(receiveCount));
        }
        if (claim instanceof Claim.NotFound) {
            // Ingest compensated (deleted the record after a failed enqueue that in fact went through).
            LOG.warn("Acknowledging a message whose report does not exist ({})", FailureCode.REPORT_NOT_FOUND);
            return MessageOutcome.DONE;
        }
        if (claim instanceof Claim.AlreadyFinished finished) {
            LOG.info(
                    "Duplicate delivery of a {} report acknowledged without a model call",
                    finished.report().status());
            // The delivery that finished it may have died before its publish: what is still pending goes out now.
            return outbox.deliverPending(finished.report())
                    ? MessageOutcome.DONE
                    : unpublished(MessageOutcome.DONE, receiveCount);
        }
        if (claim instanceof Claim.HeldByAnother held) {
            // Someone holds a live claim. Usually it finishes the report; but if it dies and its own message
            // is gone, only this delivery is left, so come back once the lease has run out rather than
            // acknowledging. A finished report is then acknowledged without a model call.
            long wait = Math.max(1, held.leaseUntil() - now + 1);
            LOG.info("Another worker holds the claim; this delivery returns after its lease ({} s)", wait);
            return new MessageOutcome.RetryLater((int) Math.min(RetryBackoff.MAX_DELAY_SECONDS, wait));
        }
        Report report = ((Claim.Claimed) claim).report();
        try {
            return summarize(report, token, receiveCount);
        } catch (RuntimeException e) {
            LOG.error("Unexpected error while processing: {}", SafeErrors.describe(e));
            try {
                return retryOrGiveUp(report, token, FailureCode.INTERNAL_ERROR, receiveCount);
            } catch (RuntimeException storeDown) {
                releaseQuietly(report.key(), token, FailureCode.INTERNAL_ERROR);
                return new MessageOutcome.RetryLater(policy.backoff().delaySeconds(receiveCount));
            }
        }
    }

    private MessageOutcome summarize(Report report, String token, int receiveCount) {
        if (report.summary() != null && !report.summaryIsChecked()) {
            // An earlier attempt's summary, held while the grounding check could not run: checked again, not redone.
            LOG.info("Checking the summary held from an earlier attempt; no model call");
            return store(report, token, SummaryResult.heldBy(report), receiveCount);
        }
        long started = System.nanoTime();
        ModelSummary summary;
        try {
            summary = model.summarize(report.originalText());
        } catch (ModelException e) {
            FailureCode code = e.code();
            LOG.warn("Model call failed: {} ({})", code, SafeErrors.describe(e.getCause()));
            metrics.modelCallFailed(code);
            if (code.kind() == FailureCode.Kind.PERMANENT) {
                return giveUp(
                        report,
                        token,
                        code,
                        code.endsInDeadLetterQueue() ? new MessageOutcome.DeadLetterNow(code) : MessageOutcome.DONE,
                        receiveCount);
            }
            return retryOrGiveUp(report, token, code, receiveCount);
        }
        metrics.modelCall((System.nanoTime() - started) / 1_000_000, summary.inputTokens(), summary.outputTokens());
        return store(
                report,
                token,
                new SummaryResult(
                        summary.text(), "model", summary.modelId(), summary.inputTokens(), summary.outputTokens()),
                receiveCount);
    }

    private MessageOutcome retryOrGiveUp(Report report, String token, FailureCode code, int receiveCount) {
        if (receiveCount < policy.maxReceiveCount()) {
            if (reports.release(report.key(), token, code, now())) {
                metrics.retried(code);
            }
            return new MessageOutcome.RetryLater(policy.backoff().delaySeconds(receiveCount));
        }
        // Configuration errors keep their own code so operators see what to fix.
        FailureCode finalCode = code.kind() == FailureCode.Kind.CONFIGURATION ? code : FailureCode.RETRIES_EXHAUSTED;
        return giveUp(report, token, finalCode, new MessageOutcome.ToDeadLetterQueue(), receiveCount);
    }

    /** The model path failed for good: a fallback summary when enabled, else FAILED with the reason. */
    private MessageOutcome giveUp(
            Report report, String token, FailureCode code, MessageOutcome whenFailed, int receiveCount) {
        if (policy.fallback().isPresent()) {
            return store(report, token, policy.fallback().get().summarize(report.originalText()), receiveCount);
        }
        return failed(report, token, code, whenFailed, receiveCount);
    }

    /** PROCESSING → FAILED with {@code code}, then its notification; {@code outcome} is the message's. */
    private MessageOutcome failed(
            Report report, String token, FailureCode code, MessageOutcome outcome, int receiveCount) {
        String notification = NotificationIds.next();
        long at = now();
        if (!reports.fail(report.key(), token, code, at, notification)) {
            return outcome;
        }
        metrics.failed(code);
        LOG.warn("Report FAILED: {}", code);
        return announce(report, ReportStatus.FAILED, code, notification, at, outcome, receiveCount);
    }

    /**
     * Publishes the notification of a terminal write just made. If the bus refuses, the marker stays on the record; a
     * message that would be acknowledged comes back instead (its redelivery publishes, sooner than the reconciler),
     * unless this was its last receive. A message bound for the DLQ goes there either way: the reconciler publishes.
     */
    private MessageOutcome announce(
            Report report,
            ReportStatus status,
            FailureCode code,
            String notificationId,
            long at,
            MessageOutcome outcome,
            int receiveCount) {
        Notification notification = new Notification(
                notificationId,
                NotificationType.forStatus(status),
                Instant.ofEpochSecond(at),
                report.tenant(),
                report.key(),
                status,
                code);
        return outbox.deliver(notification) ? outcome : unpublished(outcome, receiveCount);
    }

    private MessageOutcome unpublished(MessageOutcome outcome, int receiveCount) {
        return outcome instanceof MessageOutcome.Done && receiveCount < policy.maxReceiveCount()
                ? new MessageOutcome.RetryLater(policy.backoff().delaySeconds(receiveCount))
                : outcome;
    }

    /**
     * SUCCESS only when every checkable fact of the summary was found in the report and, with the grounding check on,
     * its grounding score reached the threshold; else NEEDS_REVIEW. A grounding check that failed holds the summary for
     * the next attempt (or fails the report on the last).
     */
    private MessageOutcome store(Report report, String token, SummaryResult summary, int receiveCount) {
        List<Review.Finding> unverified = verify(report.originalText(), summary.summary());
        SummaryResult result = summary;
        // The second layer runs on what the first passed: a summary with unverified facts goes to a person anyway.
        if (unverified.isEmpty() && grounding.isOn()) {
            GroundingGate.Verdict verdict;
            try {
                verdict = grounding.assess(report.originalText(), summary.summary());
            } catch (GroundingCheckException e) {
                return groundingFailed(report, token, summary, e.code(), receiveCount);
            }
            unverified = verdict.findings();
            if (verdict.scores().isPresent()) {
                result = summary.withGrounding(verdict.scores().get());
                metrics.groundingChecked(verdict.scores().get().belowThreshold());
            }
        }
        String notification = NotificationIds.next();
        long at = now();
        boolean stored = unverified.isEmpty()
                ? reports.succeed(report.key(), token, result, at, notification)
                : reports.needsReview(report.key(), token, result, unverified, at, notification);
        if (!stored) {
            LOG.warn("Lost the claim before storing the summary; another delivery finishes the report");
            return MessageOutcome.DONE;
        }
        if (unverified.isEmpty()) {
            metrics.succeeded(result.source(), clock.millis() - report.createdAt() * 1000);
            LOG.info("Report SUCCESS (source {}, {} output tokens)", result.source(), result.outputTokens());
        } else {
            metrics.needsReview(unverified.size());
            // Kinds only: the findings' text is a fragment of the summary, patient data.
            LOG.info(
                    "Report NEEDS_REVIEW: {} unverified fact(s) of kinds {}",
                    unverified.size(),
                    unverified.stream()
                            .map(Review.Finding::kind)
                            .distinct()
                            .sorted()
                            .toList());
        }
        ReportStatus status = unverified.isEmpty() ? ReportStatus.SUCCESS : ReportStatus.NEEDS_REVIEW;
        return announce(report, status, null, notification, at, MessageOutcome.DONE, receiveCount);
    }

    /**
     * The grounding check could not run. Throttling and server errors are retried through the queue like the model's,
     * and access or a missing guardrail too (someone may be fixing it), with the summary held so the retry makes no
     * second model call. On the last receive the report FAILS with the code (configuration) or RETRIES_EXHAUSTED, and
     * its message goes to the DLQ: a redrive after the fix checks it again. Never SUCCESS unchecked, and never a
     * clinician's review for an outage: a review queue flooded by an expired permission helps no patient.
     */
    private MessageOutcome groundingFailed(
            Report report, String token, SummaryResult summary, FailureCode code, int receiveCount) {
        LOG.warn("The grounding check failed: {}", code);
        metrics.groundingCallFailed(code);
        if (receiveCount < policy.maxReceiveCount()) {
            if (reports.hold(report.key(), token, summary, code, now())) {
                metrics.retried(code);
            }
            return new MessageOutcome.RetryLater(policy.backoff().delaySeconds(receiveCount));
        }
        FailureCode finalCode = code.kind() == FailureCode.Kind.CONFIGURATION ? code : FailureCode.RETRIES_EXHAUSTED;
        return failed(report, token, finalCode, new MessageOutcome.ToDeadLetterQueue(), receiveCount);
    }

    /** A check that breaks must not wave a summary through: it then asks for review of the whole summary. */
    private List<Review.Finding> verify(String reportText, String summary) {
        try {
            return verifier.unverified(reportText, summary);
        } catch (RuntimeException e) {
            LOG.error("The faithfulness check failed; the summary goes to review: {}", SafeErrors.describe(e));
            return List.of(new Review.Finding(UNCHECKED, summary));
        }
    }

    private void releaseQuietly(ReportKey key, String token, FailureCode code) {
        try {
            reports.release(key, token, code, now());
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claim; its lease expires: {}", SafeErrors.describe(e));
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
