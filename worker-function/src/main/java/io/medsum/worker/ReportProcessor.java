package io.medsum.worker;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.ports.ReportStore;
import io.medsum.common.ports.ReportStore.Claim;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.ports.SummaryModel;
import io.medsum.common.ports.SummaryModel.ModelException;
import io.medsum.common.ports.SummaryModel.ModelSummary;
import java.time.Clock;
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

    private final ReportStore reports;
    private final SummaryModel model;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final ProcessingPolicy policy;

    ReportProcessor(
            ReportStore reports, SummaryModel model, PipelineMetrics metrics, Clock clock, ProcessingPolicy policy) {
        this.reports = reports;
        this.model = model;
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
            return MessageOutcome.DONE;
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
                        code.endsInDeadLetterQueue() ? new MessageOutcome.DeadLetterNow(code) : MessageOutcome.DONE);
            }
            return retryOrGiveUp(report, token, code, receiveCount);
        }
        metrics.modelCall((System.nanoTime() - started) / 1_000_000, summary.inputTokens(), summary.outputTokens());
        store(
                report,
                token,
                new SummaryResult(
                        summary.text(), "model", summary.modelId(), summary.inputTokens(), summary.outputTokens()));
        return MessageOutcome.DONE;
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
        return giveUp(report, token, finalCode, new MessageOutcome.ToDeadLetterQueue());
    }

    /** The model path failed for good: a fallback summary when enabled, else FAILED with the reason. */
    private MessageOutcome giveUp(Report report, String token, FailureCode code, MessageOutcome whenFailed) {
        if (policy.fallback().isPresent()) {
            store(report, token, policy.fallback().get().summarize(report.originalText()));
            return MessageOutcome.DONE;
        }
        if (reports.fail(report.key(), token, code, now())) {
            metrics.failed(code);
            LOG.warn("Report FAILED: {}", code);
        }
        return whenFailed;
    }

    private void store(Report report, String token, SummaryResult result) {
        if (reports.succeed(report.key(), token, result, now())) {
            metrics.succeeded(result.source(), clock.millis() - report.createdAt() * 1000);
            LOG.info("Report SUCCESS (source {}, {} output tokens)", result.source(), result.outputTokens());
        } else {
            LOG.warn("Lost the claim before storing the summary; another delivery finishes the report");
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
