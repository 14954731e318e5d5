package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.bedrock.FactAlteration.Altered;
import io.medsum.local.bedrock.FactAlteration.Kind;
import io.medsum.worker.faithfulness.FaithfulnessCheck;
import io.medsum.worker.faithfulness.Finding;
import io.medsum.worker.faithfulness.FindingKind;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stand-in's paraphrases keep every fact (the faithfulness check finds nothing against the original summary) and
 * each alteration changes exactly one fact (one contiguous edit, and the check names a fact of that kind).
 */
class SummaryRewritingTest {
    private static final String REPORT =
            "Chief complaint: shortness of breath for 2 days. The patient has hypertension and takes "
                    + "aspirin 81 mg daily and metoprolol 25 mg twice daily by mouth. Blood pressure 150/90 mm Hg. No "
                    + "fever. "
                    + "Chest x-ray shows possible pneumonia in the left lower lobe. The left ventricular ejection "
                    + "fraction is 55%. "
                    + "A 12 mm nodule was seen.";
    private static final String SUMMARY = REPORT;

    private static final Map<Kind, List<FindingKind>> EXPECTED = Map.of(
            Kind.NUMBER,
            List.of(
                    FindingKind.NUMBER,
                    FindingKind.DURATION,
                    FindingKind.DATE,
                    FindingKind.FREQUENCY,
                    FindingKind.DOSE),
            Kind.DOSE,
            List.of(FindingKind.DOSE, FindingKind.NUMBER),
            Kind.UNIT,
            List.of(FindingKind.UNIT, FindingKind.DOSE),
            Kind.SIDE,
            List.of(FindingKind.LATERALITY),
            Kind.NEGATION,
            List.of(FindingKind.NEGATION),
            Kind.CERTAINTY,
            List.of(FindingKind.CERTAINTY),
            Kind.MEDICATION,
            List.of(FindingKind.MEDICATION),
            Kind.DIAGNOSIS,
            List.of(FindingKind.DIAGNOSIS));

    private final FaithfulnessCheck check = new FaithfulnessCheck();

    @Test
    void aParaphraseChangesTheWordingButNoFact() {
        SummaryParaphraser.Paraphrase paraphrase = new SummaryParaphraser().paraphrase(SUMMARY);

        assertThat(paraphrase.text())
                .isNotEqualTo(SUMMARY)
                .contains("81mg", "mmHg", "two days", "BID", "LVEF", "orally", "high blood pressure")
                .startsWith("The patient");
        assertThat(paraphrase.operations())
                .contains("synonym", "abbreviation", "number-word", "mmHg-spacing", "unit-spacing", "sentence-order");
        assertThat(check.check(REPORT, paraphrase.text())).isEmpty();
    }

    @Test
    void aListItemsNumberIsNoFactToAlter() {
        String list = "1. Hypertension. 2. Left ureteral stone. PROCEDURE,1. Cystoscopy.";
        for (int seed = 0; seed < 20; seed++) {
            assertThat(new FactAlteration().apply(Kind.NUMBER, REPORT, list, new Random(seed)))
                    .isEmpty();
        }
        assertThat(FactAlteration.enumerator("EF of 60. Next", 6, 8)).isFalse();
        assertThat(FactAlteration.enumerator("x3. 1. Ta grade", 4, 5)).isTrue();
    }

    @Test
    void paraphrasingBackAndForthKeepsTheFacts() {
        String once = new SummaryParaphraser().paraphrase(SUMMARY).text();
        String twice = new SummaryParaphraser().paraphrase(once).text();

        assertThat(twice).contains("81 mg", "mm Hg", "2 days");
        assertThat(check.check(REPORT, twice)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachAlterationChangesExactlyOneFactOfItsKind(Kind kind) {
        for (int seed = 0; seed < 5; seed++) {
            Altered altered = new FactAlteration()
                    .apply(kind, REPORT, SUMMARY, new Random(seed))
                    .orElseThrow();

            assertThat(altered.kind()).isEqualTo(kind);
            assertThat(oneContiguousEdit(SUMMARY, altered.text()))
                    .as(altered.detail())
                    .isTrue();
            List<Finding> findings = check.check(REPORT, altered.text());
            assertThat(findings).as(altered.detail()).isNotEmpty();
            assertThat(findings)
                    .as(altered.detail())
                    .anyMatch(f -> EXPECTED.get(kind).contains(f.kind()));
            assertThat(altered.detail()).doesNotContain("shortness", "nodule");
        }
    }

    @Test
    void concreteAlterations() {
        FactAlteration alteration = new FactAlteration();
        String summary = "Aspirin 81 mg daily. No fever. Possible pneumonia in the left lung.";
        String report = summary;

        assertThat(alteration
                        .apply(Kind.DOSE, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .contains("Aspirin 325 mg");
        assertThat(alteration
                        .apply(Kind.UNIT, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .contains("81 mcg");
        assertThat(alteration
                        .apply(Kind.SIDE, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .contains("right lung");
        assertThat(alteration
                        .apply(Kind.NEGATION, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .contains(" Fever.");
        assertThat(alteration
                        .apply(Kind.CERTAINTY, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .contains(" Pneumonia in");
        assertThat(alteration
                        .apply(Kind.MEDICATION, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .doesNotContain("Aspirin");
        assertThat(alteration
                        .apply(Kind.DIAGNOSIS, report, summary, new Random(1))
                        .orElseThrow()
                        .text())
                .startsWith(summary + " History of ")
                .endsWith(".");
        assertThat(alteration.apply(Kind.NUMBER, report, "No fever.", new Random(1)))
                .isEmpty();
        assertThat(alteration.applicable(report, "Fever.")).containsExactly(Kind.NEGATION, Kind.DIAGNOSIS);
    }

    @Test
    void theRewriterFollowsTheSwitchesAndLogsByReportDigest() {
        ModelFaults faults = new ModelFaults();
        RewriteLog log = new RewriteLog(2);
        SummaryRewriter rewriter = new SummaryRewriter(faults, log);

        assertThat(rewriter.rewrite(REPORT, SUMMARY).text()).isEqualTo(SUMMARY);
        assertThat(log.forReport(REPORT)).contains(RewriteLog.Rewrite.NONE);

        faults.paraphrase(true);
        assertThat(rewriter.rewrite(REPORT, SUMMARY).rewrite()).isEqualTo(RewriteLog.Rewrite.PARAPHRASED);
        assertThat(log.forReport(" " + REPORT + "\n")).contains(RewriteLog.Rewrite.PARAPHRASED);

        faults.paraphrase(false).hallucinationRate(1.0);
        SummaryRewriter.Result altered = rewriter.rewrite(REPORT, SUMMARY);
        assertThat(altered.rewrite().alteredKind()).isPresent();
        assertThat(log.forReport(REPORT)).contains(altered.rewrite());

        rewriter.rewrite("other report one", "x");
        rewriter.rewrite("other report two", "y");
        assertThat(log.forReport(REPORT)).isEmpty();
        assertThat(log.size()).isEqualTo(2);

        faults.clear();
        assertThat(faults.paraphrase()).isFalse();
        assertThat(faults.hallucinationRate()).isZero();
    }

    @Test
    void theSameSeedAltersTheSameFacts() {
        List<String> first = run(new ModelFaults().hallucinationRate(0.5).hallucinationSeed(7));
        List<String> second = run(new ModelFaults().hallucinationRate(0.5).hallucinationSeed(7));

        assertThat(first).isEqualTo(second).contains("NONE:").anyMatch(r -> r.startsWith("ALTERED_"));
    }

    private static List<String> run(ModelFaults faults) {
        SummaryRewriter rewriter = new SummaryRewriter(faults, new RewriteLog());
        return IntStream.range(0, 20)
                .mapToObj(i -> rewriter.rewrite(REPORT + i, SUMMARY))
                .map(r -> r.rewrite().name() + ":" + r.detail())
                .toList();
    }

    /** Whether b differs from a by replacing one contiguous stretch of characters. */
    private static boolean oneContiguousEdit(String a, String b) {
        int prefix = 0;
        while (prefix < a.length() && prefix < b.length() && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.length() - prefix
                && suffix < b.length() - prefix
                && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
            suffix++;
        }
        String removed = a.substring(prefix, a.length() - suffix);
        String added = b.substring(prefix, b.length() - suffix);
        return !a.equals(b) && removed.split("\\s+").length <= 3 && added.split("\\s+").length <= 6;
    }
}
