package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.domain.Review;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.FakeSummaryModel;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.common.testing.RecordingPublisher;
import io.medsum.worker.grounding.GroundingCheckException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The optional grounding layer in a report's life (docs/architecture.md, "No unverified fact reaches a clinician"):
 * after the deterministic check passed, a score under the threshold is a finding, and a check that could not run holds
 * the summary for the next attempt instead of summarizing again.
 */
class ReportProcessorGroundingTest {
    private static final int MAX_RECEIVES = 6;
    private static final String TEXT = "HISTORY: Chest pain for two days. ASSESSMENT: Stable angina. "
            + "PLAN: Aspirin 81 mg daily and a cardiology referral.";
    private static final String SUMMARY = "Stable angina; aspirin and a cardiology referral.";

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final FakeSummaryModel model = new FakeSummaryModel();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final RetryBackoff backoff = new RetryBackoff(10, 300, bound -> 0);
    private List<Review.Finding> unverified = List.of();

    /** Scripted answers of the grounding check, one a call; a score when the script is empty. */
    private final Deque<Object> answers = new ArrayDeque<>();

    private final List<String> guarded = new ArrayList<>();

    private ReportProcessor processor() {
        GroundingGate gate = new GroundingGate(
                (source, query, text) -> {
                    guarded.add(text);
                    Object answer = answers.isEmpty() ? new Grounding(0.93, 0.7) : answers.pop();
                    if (answer instanceof GroundingCheckException e) {
                        throw e;
                    }
                    return (Grounding) answer;
                },
                "Summarize the medical report for a clinician.");
        return new ReportProcessor(
                reports,
                model,
                (report, summary) -> unverified,
                gate,
                metrics,
                clock,
                new ProcessingPolicy(Duration.ofSeconds(120), MAX_RECEIVES, backoff, Optional.empty()),
                new NotificationOutbox(reports, new RecordingPublisher(), "https://api.test/v1"));
    }

    private ReportKey submitted() {
        ReportKey key = new ReportKey("PATIENT-001", ReportIds.next());
        reports.create(Report.pending(
                key,
                "apikey:test",
                new ReportSubmission(key.patientId(), TEXT, "MedicalRecord", Map.of()),
                clock.epochSecond() - 30,
                Duration.ofDays(90).toSeconds()));
        return key;
    }

    private Report record(ReportKey key) {
        return reports.find(key).orElseThrow();
    }

    private static GroundingCheckException failure(FailureCode code) {
        return GroundingCheckException.failed(code, null);
    }

    @Test
    void aGroundedSummaryIsSuccessWithItsScoresStored() {
        ReportKey key = submitted();

        assertThat(processor().process(key, 1)).isEqualTo(MessageOutcome.DONE);

        assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(record(key).grounding()).isEqualTo(new Grounding(0.93, 0.7));
        assertThat(guarded).containsExactly(SUMMARY);
        assertThat(metrics.groundingChecks()).containsExactly(false);
    }

    @Test
    void aScoreUnderTheThresholdIsAGroundingFindingWithTheGuardedText() {
        answers.add(new Grounding(0.41, 0.7));
        ReportKey key = submitted();

        processor().process(key, 1);

        Report kept = record(key);
        assertThat(kept.status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        assertThat(kept.review().findings()).containsExactly(new Review.Finding("grounding", SUMMARY));
        assertThat(kept.grounding()).isEqualTo(new Grounding(0.41, 0.7));
        assertThat(metrics.groundingChecks()).containsExactly(true);
        assertThat(metrics.reviews()).containsExactly(1);
    }

    @Test
    void aSummaryTheDeterministicCheckAlreadySendsToReviewIsNotGroundingChecked() {
        unverified = List.of(new Review.Finding("number", "81 mg"));
        ReportKey key = submitted();

        processor().process(key, 1);

        assertThat(record(key).status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        assertThat(record(key).grounding()).isNull();
        assertThat(guarded).isEmpty();
    }

    @Test
    void aThrottledCheckHoldsTheSummaryAndTheNextDeliveryChecksItWithoutASecondModelCall() {
        answers.add(failure(FailureCode.GROUNDING_UNAVAILABLE));
        ReportKey key = submitted();

        assertThat(processor().process(key, 1)).isEqualTo(new MessageOutcome.RetryLater(backoff.delaySeconds(1)));
        assertThat(record(key).status()).isEqualTo(ReportStatus.PENDING);
        assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(record(key).summaryIsChecked()).isFalse();
        assertThat(metrics.failedGroundingCalls()).containsExactly(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(metrics.retries()).containsExactly(FailureCode.GROUNDING_UNAVAILABLE);

        assertThat(processor().process(key, 2)).isEqualTo(MessageOutcome.DONE);

        assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(record(key).summary()).isEqualTo(SUMMARY);
        assertThat(record(key).modelId()).isEqualTo(FakeSummaryModel.MODEL_ID);
        assertThat(model.inputs()).as("one model call for two deliveries").hasSize(1);
        assertThat(guarded).containsExactly(SUMMARY, SUMMARY);
    }

    @Test
    void anUnavailableCheckOnTheLastReceiveFailsTheReportIntoTheDeadLetterQueue() {
        answers.add(failure(FailureCode.GROUNDING_UNAVAILABLE));
        ReportKey key = submitted();

        assertThat(processor().process(key, MAX_RECEIVES)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());

        assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
        assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
        assertThat(record(key).summaryIsChecked()).isFalse();
    }

    @Test
    void aDeniedOrMissingGuardrailIsRetriedThenFailsWithItsOwnCodeAndTheHeldSummaryServesTheRedrive() {
        answers.add(failure(FailureCode.GROUNDING_ACCESS_DENIED));
        answers.add(failure(FailureCode.GROUNDING_ACCESS_DENIED));
        ReportKey key = submitted();

        assertThat(processor().process(key, 1)).isInstanceOf(MessageOutcome.RetryLater.class);
        assertThat(processor().process(key, MAX_RECEIVES)).isEqualTo(new MessageOutcome.ToDeadLetterQueue());

        assertThat(record(key).status()).isEqualTo(ReportStatus.FAILED);
        assertThat(record(key).lastErrorCode()).isEqualTo(FailureCode.GROUNDING_ACCESS_DENIED);
        assertThat(record(key).review())
                .as("an outage is no clinician's finding")
                .isNull();

        // The operator fixes the policy and redrives: checked without a model call.
        assertThat(processor().process(key, 1)).isEqualTo(MessageOutcome.DONE);
        assertThat(record(key).status()).isEqualTo(ReportStatus.SUCCESS);
        assertThat(model.inputs()).hasSize(1);
    }

    @Test
    void aRequestTheCheckCanNeverScoreSendsTheWholeSummaryToReviewAsUnchecked() {
        answers.add(GroundingCheckException.notCheckable("refused as invalid", null));
        ReportKey key = submitted();

        processor().process(key, 1);

        assertThat(record(key).status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        assertThat(record(key).review().findings()).containsExactly(new Review.Finding("unchecked", SUMMARY));
        assertThat(record(key).grounding()).isNull();
    }
}
