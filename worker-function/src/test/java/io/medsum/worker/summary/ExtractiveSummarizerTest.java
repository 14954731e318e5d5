package io.medsum.worker.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.medsum.worker.summary.ExtractiveSummarizer.Sentence;
import io.medsum.worker.summary.ExtractiveSummarizer.SentenceSplitter;
import io.medsum.worker.summary.ExtractiveSummarizer.Summary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtractiveSummarizerTest {

    /** Shaped like a scraped transcription: "HEADER:," openers and ".," section breaks. */
    private static final String CLINIC_NOTE = "SUBJECTIVE:,  This 23-year-old white female presents with complaint of "
            + "allergies.  She used to have allergies when she lived in Seattle but she thinks they are worse here.  "
            + "In the past, she has tried Claritin and Zyrtec.  Both worked for a short time but then seemed to lose "
            + "effectiveness.,MEDICATIONS: , Her only medication currently is Ortho Tri-Cyclen and the Allegra.,"
            + "ALLERGIES: , She has no known medicine allergies.,OBJECTIVE:,Vitals:  Weight was 130 pounds and blood "
            + "pressure 124/78.,HEENT:  Her throat was mildly erythematous without exudate.  Nasal mucosa was "
            + "erythematous and swollen.,ASSESSMENT:,  Allergic rhinitis.,PLAN:,1.  She will try Zyrtec instead of "
            + "Allegra again.,2.  Samples of Nasonex two sprays in each nostril given for three weeks.";

    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

    @Nested
    class Contract {
        @Test
        void sameInputGivesSameSummaryAcrossInstances() {
            String first = summarizer.summarize(CLINIC_NOTE, 200);

            assertThat(summarizer.summarize(CLINIC_NOTE, 200)).isEqualTo(first);
            assertThat(new ExtractiveSummarizer().summarize(CLINIC_NOTE, 200)).isEqualTo(first);
        }

        @Test
        void neverExceedsTheBudgetAndNeverReturnsNothingForAReport() {
            for (int maxChars = 1; maxChars <= CLINIC_NOTE.length() + 10; maxChars++) {
                String summary = summarizer.summarize(CLINIC_NOTE, maxChars);

                assertThat(summary).as("maxChars=%d", maxChars).isNotEmpty().hasSizeLessThanOrEqualTo(maxChars);
            }
        }

        @Test
        void blankInputGivesAnEmptySummary() {
            assertThat(summarizer.summarize("", 100)).isEmpty();
            assertThat(summarizer.summarize(" \n\t ", 100)).isEmpty();
        }

        @Test
        void rejectsNullTextAndABudgetBelowOne() {
            assertThatThrownBy(() -> summarizer.summarize(null, 10)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> summarizer.summarize("Fever.", 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void oneWordIsItsOwnSummary() {
            assertThat(summarizer.summarize("Pneumonia", 100)).isEqualTo("Pneumonia");
            assertThat(summarizer.summarize("  pneumonia  ", 9)).isEqualTo("pneumonia");
        }

        @Test
        void headersAloneStillGiveSomething() {
            assertThat(summarizer.summarize("HISTORY OF PRESENT ILLNESS:,  ", 100))
                    .isNotEmpty();
            assertThat(summarizer.summarize(",,, ...", 100)).isNotEmpty();
        }

        @Test
        void aBudgetTooSmallForAnyWholeSentenceCutsTheFirstSentenceAndSaysSo() {
            String text = "Chest radiograph shows bilateral lower lobe consolidation. Sputum culture is pending.";

            Summary summary = summarizer.summarizeDetailed(text, 20);

            assertThat(summary.truncated()).isTrue();
            assertThat(summary.text())
                    .hasSizeLessThanOrEqualTo(20)
                    .startsWith("Chest radiograph")
                    .endsWith(ExtractiveSummarizer.ELLIPSIS);
        }

        @Test
        void wholeSentencesAreNotReportedAsTruncated() {
            assertThat(summarizer.summarizeDetailed(CLINIC_NOTE, 300).truncated())
                    .isFalse();
        }

        @Test
        void aBudgetOfOneStillGivesOneCharacter() {
            assertThat(summarizer.summarize("Stable.", 1)).isEqualTo("S");
        }
    }

    @Nested
    class Selection {
        @Test
        void prefersAssessmentAndPlanOverTheRestOfTheNote() {
            String summary = summarizer.summarize(CLINIC_NOTE, 70);

            assertThat(summary)
                    .contains("Allergic rhinitis.")
                    .contains("She will try Zyrtec instead of Allegra again.");
            assertThat(summary).doesNotContain("Seattle");
        }

        @Test
        void recognisesMixedCaseKeySectionHeaders() {
            String text = "Chest pain radiating to the left arm for two hours. Chest pain worse on exertion. "
                    + "Chest pain with diaphoresis.\n\nImpression: Acute coronary syndrome is suspected.";

            assertThat(summarizer.summarize(text, 60)).isEqualTo("Acute coronary syndrome is suspected.");
        }

        @Test
        void withoutKeySectionsPicksSentencesSharingTheReportsRecurringTerms() {
            String text = "Headache began three days ago. The weather was sunny. Headache is throbbing and "
                    + "worse with light. Her cat is named Max. Headache improved with rest and darkness.";

            String summary = summarizer.summarize(text, 90);

            assertThat(summary).contains("Headache").doesNotContain("sunny").doesNotContain("cat");
        }

        @Test
        void keepsChosenSentencesInDocumentOrder() {
            String summary = summarizer.summarize(CLINIC_NOTE, 400);

            assertThat(summary.indexOf("Allergic rhinitis.")).isLessThan(summary.indexOf("She will try Zyrtec"));
            assertThat(summary.indexOf("She will try Zyrtec")).isLessThan(summary.indexOf("Samples of Nasonex"));
        }

        @Test
        void skipsASentenceThatDoesNotFitAndTakesAShorterOne() {
            String text = "IMPRESSION:,  Extensive multilobar pneumonia involving the right upper, right middle and "
                    + "right lower lobes with small effusion.  Pneumonia.";

            assertThat(summarizer.summarize(text, 20)).isEqualTo("Pneumonia.");
        }

        @Test
        void aWholeShortReportFitsVerbatimApartFromHeadersAndSpacing() {
            String text = "FINDINGS:,  No acute fracture.  Joint spaces preserved.";

            assertThat(summarizer.summarize(text, 500)).isEqualTo("No acute fracture. Joint spaces preserved.");
        }
    }

    @Nested
    class SentenceSplitting {
        private List<String> sentencesOf(String text) {
            return new SentenceSplitter(text)
                    .split().stream().map(Sentence::text).toList();
        }

        @Test
        void headersAndScraperCommasAreNotPartOfSentences() {
            assertThat(sentencesOf(
                            "CHIEF COMPLAINT:,  Abdominal pain.,HISTORY OF PRESENT ILLNESS: , Pain began today."))
                    .containsExactly("Abdominal pain.", "Pain began today.");
        }

        @Test
        void commaWithTwoSpacesIsASectionBreak() {
            assertThat(sentencesOf("No known drug allergies,  Lives alone, drinks socially."))
                    .containsExactly("No known drug allergies", "Lives alone, drinks socially.");
        }

        @Test
        void abbreviationsDecimalsAndInitialsDoNotEndSentences() {
            assertThat(sentencesOf("Seen by Dr. Smith and J. Doe today. Started 2.5 mg. daily, e.g., with food. "
                            + "Takes aspirin 81 mg. He is stable."))
                    .containsExactly(
                            "Seen by Dr. Smith and J. Doe today.",
                            "Started 2.5 mg. daily, e.g., with food.",
                            "Takes aspirin 81 mg.",
                            "He is stable.");
        }

        @Test
        void numberedItemsKeepTheirNumbers() {
            assertThat(sentencesOf("PLAN:,1.  Start amoxicillin.,2.  Return in 2 weeks."))
                    .containsExactly("1. Start amoxicillin.", "2. Return in 2 weeks.");
        }

        @Test
        void blankLinesAndHeadersOnNewLinesBreakSentencesWithoutPeriods() {
            assertThat(sentencesOf("No acute process\n\nIMPRESSION:\nNormal chest\nFollow up"))
                    .containsExactly("No acute process", "Normal chest Follow up");
        }

        @Test
        void marksSentencesUnderKeySections() {
            List<Sentence> sentences =
                    new SentenceSplitter("HISTORY:,  Cough.,DIAGNOSES:,  Bronchitis.,MEDICATIONS:,  None.").split();

            assertThat(sentences).extracting(Sentence::inKeySection).containsExactly(false, true, false);
        }

        @Test
        void shortAllCapsLabelsInsideASectionDoNotEndIt() {
            List<Sentence> sentences = new SentenceSplitter("FINDINGS:,  CT: no bleed.  MR: no infarct.").split();

            assertThat(sentences).extracting(Sentence::inKeySection).containsExactly(true, true);
        }
    }

    @Nested
    class Unicode {
        @Test
        void accentedWordsAndEmojiSurviveIntact() {
            String text = "ÉVALUATION:,  Œdème des membres inférieurs. Le café est servi 🙂 à 8h.,"
                    + "DIAGNOSIS:,  Insuffisance cardiaque décompensée 💔.";

            String summary = summarizer.summarize(text, 60);

            assertThat(summary).isEqualTo("Insuffisance cardiaque décompensée 💔.");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 33})
        void cutsNeverSplitASurrogatePair(int maxChars) {
            String text = "Ab😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀";

            String summary = summarizer.summarize(text, maxChars);

            assertThat(summary).hasSizeLessThanOrEqualTo(maxChars).isNotEmpty();
            assertThat(summary.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp) && cp <= 0xFFFF))
                    .isTrue();
        }

        @Test
        void ideographicFullStopsEndSentences() {
            assertThat(new SentenceSplitter("患者は発熱を訴えた。咳もある。").split())
                    .extracting(Sentence::text)
                    .containsExactly("患者は発熱を訴えた。", "咳もある。");
        }
    }

    @Nested
    class LargeInput {
        @Test
        void summarizesFiftyKilobytesQuicklyAndWithinBudget() {
            String report = (CLINIC_NOTE + ",").repeat(50_000 / CLINIC_NOTE.length() + 1);

            String summary =
                    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> summarizer.summarize(report, 1_000));

            assertThat(report.length()).isGreaterThan(50_000);
            assertThat(summary).isNotEmpty().hasSizeLessThanOrEqualTo(1_000);
        }

        @ParameterizedTest
        @ValueSource(strings = {".", "a", "A:", ", ", "Dr. ", "1. ", "\n", "ASSESSMENT:,", "x.y"})
        void pathologicalRepetitionsStayFast(String unit) {
            String text = unit.repeat(2_000_000 / unit.length());

            String summary = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> summarizer.summarize(text, 500));

            assertThat(summary).hasSizeLessThanOrEqualTo(500);
            if (!text.isBlank()) {
                assertThat(summary).isNotEmpty();
            }
        }
    }
}
