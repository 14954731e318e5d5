package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Review;
import io.medsum.worker.grounding.GroundingCheckException;
import io.medsum.worker.grounding.GroundingLimits;
import io.medsum.worker.model.PromptBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingGateTest {
    private static final String QUERY = "Summarize the medical report for a clinician.";
    private final List<String> guarded = new ArrayList<>();

    private GroundingGate scoring(double score) {
        return new GroundingGate(
                (source, query, text) -> {
                    guarded.add(text);
                    return new Grounding(text.contains("warfarin") ? 0.2 : score, 0.7);
                },
                QUERY);
    }

    @Test
    void aShortSummaryIsOneGuardedBlockAndItsScoreIsTheSummarys() throws Exception {
        GroundingGate.Verdict verdict = scoring(0.9).assess("report", "Stable angina.");

        assertThat(verdict.scores()).contains(new Grounding(0.9, 0.7));
        assertThat(verdict.findings()).isEmpty();
        assertThat(guarded).containsExactly("Stable angina.");
    }

    @Test
    void aLongSummaryIsCheckedInSentencePartsTheLowestScoreWinsAndOnlyTheUngroundedPartIsAFinding() throws Exception {
        String sentence = "Stable angina treated with aspirin and a statin. ";
        String first = sentence.repeat(120).strip();
        String summary =
                first + " Started warfarin 5 mg daily. " + sentence.repeat(20).strip();

        GroundingGate.Verdict verdict = scoring(0.95).assess("report", summary);

        assertThat(guarded).hasSizeGreaterThan(1).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(GroundingLimits.MAX_GUARDED_CHARS);
            assertThat(summary).as("an exact fragment of the summary").contains(part);
        });
        assertThat(String.join(" ", guarded)).isEqualTo(summary);
        assertThat(verdict.scores()).contains(new Grounding(0.2, 0.7));
        assertThat(verdict.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo("grounding");
            assertThat(finding.text()).contains("warfarin");
        });
    }

    @Test
    void aSummaryWithoutSentenceEndsIsCutAtSpacesNeverInsideAWord() {
        String summary = "angina ".repeat(2000).strip();

        List<String> parts = GroundingGate.parts(summary);

        assertThat(parts)
                .hasSizeGreaterThan(2)
                .allSatisfy(part -> assertThat(part)
                        .hasSizeLessThanOrEqualTo(GroundingLimits.MAX_GUARDED_CHARS)
                        .matches("angina( angina)*"));
    }

    @Test
    void aReportOverTheGroundingSourceLimitIsNotCutButTheSummaryGoesToReviewUnchecked() throws Exception {
        String report = "x".repeat(GroundingLimits.MAX_SOURCE_CHARS + 1);

        GroundingGate.Verdict verdict = scoring(0.9).assess(report, "Stable angina.");

        assertThat(guarded).as("no call").isEmpty();
        assertThat(verdict.scores()).isEmpty();
        assertThat(verdict.findings()).containsExactly(new Review.Finding("unchecked", "Stable angina."));
    }

    @Test
    void aRetryableFailureIsTheCallersToHandleAndANotCheckableOneIsAnUncheckedFinding() throws Exception {
        GroundingGate throttled = new GroundingGate(
                (source, query, text) -> {
                    throw GroundingCheckException.failed(FailureCode.GROUNDING_UNAVAILABLE, null);
                },
                QUERY);
        assertThatThrownBy(() -> throttled.assess("report", "Stable angina."))
                .isInstanceOfSatisfying(
                        GroundingCheckException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.GROUNDING_UNAVAILABLE));

        GroundingGate refused = new GroundingGate(
                (source, query, text) -> {
                    throw GroundingCheckException.notCheckable("refused", null);
                },
                QUERY);
        assertThat(refused.assess("report", "Stable angina.").findings())
                .containsExactly(new Review.Finding("unchecked", "Stable angina."));
    }

    @Test
    void theQueryMustFitTheChecksQueryLimit() {
        assertThatThrownBy(() -> new GroundingGate((s, q, t) -> null, "q".repeat(GroundingLimits.MAX_QUERY_CHARS + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PromptBuilder(2048).task()).hasSizeLessThan(GroundingLimits.MAX_QUERY_CHARS);
    }
}
