package io.medsum.worker.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fact is verified against the report sentences its summary sentence comes from, not the whole report: each summary
 * below states something the report says elsewhere, of another kidney, ureter or measurement, and is caught; the same
 * facts in their own sentences, reordered and in other forms, pass.
 */
class FaithfulnessCheckScopeTest {
    static final String REPORT = """
            FINDINGS: The right kidney measures 11 cm and shows no hydronephrosis. The left kidney measures 9 cm \
            and shows mild hydronephrosis. There is no stone in the right ureter. A 6 mm stone is seen in the left \
            ureter. A 6 cm simple cyst is seen in the liver. Creatinine 1.2 on admission, potassium 4.5. Possible \
            early pyelonephritis on the left. History of pyelonephritis in 2019.

            PROCEDURE: Risks and complications were discussed. The stent was placed without difficulty. There were \
            no complications.
            """;

    private final FaithfulnessCheck check = new FaithfulnessCheck();

    private List<FindingKind> kinds(String summary) {
        List<Finding> findings = check.check(REPORT, summary);
        for (Finding f : findings) {
            assertThat(summary).as("a finding quotes the summary").contains(f.text());
        }
        return findings.stream().map(Finding::kind).toList();
    }

    @Test
    void theSameFactsInTheirOwnSentencesReorderedAndInOtherFormsPass() {
        String summary = "There were no complications. A 6mm stone is seen in the left ureter. The left kidney "
                + "measures nine cm and shows mild hydronephrosis. The right kidney measures 11 cm and shows no "
                + "hydronephrosis. Creatinine 1.2 on admission, potassium 4.5. Possible early pyelonephritis on the "
                + "left. The stent was placed without difficulty.";
        assertThat(kinds(summary)).isEmpty();
    }

    @Test
    void aSideTrueOfAnotherSentenceIsCaught() {
        assertThat(kinds("The left kidney measures 11 cm and shows no hydronephrosis."))
                .containsExactly(FindingKind.LATERALITY);
    }

    @Test
    void aNumberTrueOfAnotherSentenceIsCaught() {
        // 9 cm places the sentence with the left kidney: then the side and the negation are what differ from it
        assertThat(kinds("The right kidney measures 9 cm and shows no hydronephrosis."))
                .isNotEmpty();
        assertThat(kinds("The right kidney measures 9 cm.")).isNotEmpty();
    }

    @Test
    void aNumberOfAnotherTermInTheSameSentenceIsCaught() {
        assertThat(kinds("Creatinine 4.5 on admission, potassium 4.5.")).containsExactly(FindingKind.NUMBER);
    }

    @Test
    void aUnitTrueOfAnotherSentenceIsCaught() {
        assertThat(kinds("A 6 cm stone is seen in the left ureter.")).containsExactly(FindingKind.UNIT);
    }

    @Test
    void aNegationDroppedWhereTheFindingIsPresentElsewhereIsCaught() {
        assertThat(kinds("There is a stone in the right ureter.")).contains(FindingKind.NEGATION);
    }

    @Test
    void aNegationAddedWhereTheFindingIsAbsentElsewhereIsCaught() {
        assertThat(kinds("The left kidney measures 9 cm and shows no hydronephrosis."))
                .containsExactly(FindingKind.NEGATION);
    }

    @Test
    void aPossibleFindingMadeCertainWhereItIsCertainElsewhereIsCaught() {
        assertThat(kinds("Early pyelonephritis on the left.")).containsExactly(FindingKind.CERTAINTY);
    }

    @Test
    void aNegationDroppedFromACommonWordIsCaught() {
        assertThat(kinds("There were complications.")).containsExactly(FindingKind.NEGATION);
        assertThat(kinds("The stent was placed with difficulty.")).containsExactly(FindingKind.NEGATION);
    }

    @Test
    void aSideSwappedInAPairIsCaught() {
        assertThat(kinds("A 6 mm stone is seen in the right ureter.")).containsExactly(FindingKind.LATERALITY);
    }
}
