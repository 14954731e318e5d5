package io.medsum.worker.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The faithfulness check, as a specification: every kind of unverified fact is caught, every variant of form passes.
 * One realistic report; each test changes one thing in a faithful summary of it.
 */
class FaithfulnessCheckTest {
    static final String REPORT = """
            CHIEF COMPLAINT: Chest pain for two days.

            HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old woman with hypertension, type 2 diabetes \
            mellitus and atrial fibrillation who presents with substernal chest pain for two days, worse with \
            exertion. She denies shortness of breath, nausea or diaphoresis. She has had no fever. She reports \
            swelling of the left ankle for 2 weeks.

            MEDICATIONS: Aspirin 81 mg by mouth daily. Metoprolol tartrate 25 mg twice daily. Warfarin 5 mg \
            orally every evening, INR goal 2 to 3. Lisinopril 10 mg daily.

            ALLERGIES: Penicillin.

            PHYSICAL EXAMINATION: Blood pressure 152/88 mmHg, heart rate 96, temperature 98.4 F, oxygen \
            saturation 95% on room air. Lungs: crackles at the right base. Left ankle edema. Abdomen is \
            non-tender.

            STUDIES: Echocardiogram on 03/14/2024 showed a left ventricular ejection fraction of 40% and \
            moderate mitral regurgitation. Chest x-ray: possible right lower lobe pneumonia. No pleural effusion. \
            Troponin was negative.

            ASSESSMENT: 1. Unstable angina, acute myocardial infarction ruled out. 2. Possible community-acquired \
            pneumonia. 3. Atrial fibrillation, rate controlled.

            PLAN: Start azithromycin 500 mg IV once daily for five days. Continue metoprolol. Increase \
            lisinopril to 20 mg daily. Cardiology follow-up in 2 weeks.
            """;

    static final String FAITHFUL = "67-year-old woman with high blood pressure, type 2 diabetes and atrial "
            + "fibrillation presenting with two days of substernal chest pain on exertion. No dyspnea, nausea or "
            + "diaphoresis; afebrile. Left ankle swelling for two weeks. BP 152/88 mm Hg, HR 96. Echo 3/14/2024: "
            + "LVEF 40%, moderate mitral regurgitation. Chest x-ray shows possible RLL pneumonia; myocardial "
            + "infarction was ruled out. Medications: aspirin 81mg PO daily, metoprolol 25 mg BID, warfarin 5 mg "
            + "every evening with an INR goal of 2-3. Plan: azithromycin 500 mg intravenously daily for 5 days, "
            + "lisinopril increased to 20 mg daily, cardiology follow-up in two weeks.";

    private final FaithfulnessCheck check = new FaithfulnessCheck();

    List<Finding> check(String summary) {
        List<Finding> findings = check.check(REPORT, summary);
        for (Finding f : findings) {
            assertThat(summary).as("a finding quotes the summary").contains(f.text());
        }
        return findings;
    }

    static Finding finding(FindingKind kind, String text) {
        return new Finding(kind, text);
    }

    @Test
    void aFaithfulSummaryHasNoFinding() {
        assertThat(check(FAITHFUL)).isEmpty();
    }

    @Nested
    class NumbersUnitsAndDoses {
        @Test
        void aChangedNumberIsCaught() {
            assertThat(check("LVEF 35%, moderate mitral regurgitation."))
                    .containsExactly(finding(FindingKind.NUMBER, "35%"));
            assertThat(check("BP 162/88 mm Hg.")).containsExactly(finding(FindingKind.NUMBER, "162/88 mm Hg"));
        }

        @Test
        void aNumberGivenForAnotherFindingIsCaught() {
            // 95% is the oxygen saturation, not the ejection fraction
            assertThat(check("The left ventricular ejection fraction was 95%."))
                    .containsExactly(finding(FindingKind.NUMBER, "95%"));
        }

        @Test
        void aChangedUnitIsCaught() {
            assertThat(check("Aspirin 81 mcg daily.")).containsExactly(finding(FindingKind.UNIT, "81 mcg"));
        }

        @Test
        void aChangedDoseIsCaught() {
            assertThat(check("Metoprolol 50 mg twice daily.")).containsExactly(finding(FindingKind.DOSE, "50 mg"));
        }

        @Test
        void aDoseOfAnotherMedicationIsCaught() {
            // 25 mg is the metoprolol dose; warfarin is 5 mg
            assertThat(check("Warfarin 25 mg every evening.")).containsExactly(finding(FindingKind.DOSE, "25 mg"));
        }

        @Test
        void aChangedRangeIsCaught() {
            assertThat(check("INR goal 2 to 3.5.")).containsExactly(finding(FindingKind.NUMBER, "2 to 3.5"));
        }
    }

    @Nested
    class FrequenciesAndRoutes {
        @Test
        void aChangedFrequencyIsCaught() {
            // the report gives daily only for other medications
            assertThat(check("Metoprolol 25 mg daily.")).containsExactly(finding(FindingKind.FREQUENCY, "daily"));
            assertThat(check("Aspirin 81 mg every 8 hours."))
                    .containsExactly(finding(FindingKind.FREQUENCY, "every 8 hours"));
        }

        @Test
        void aChangedRouteIsCaught() {
            assertThat(check("Azithromycin 500 mg PO daily.")).containsExactly(finding(FindingKind.ROUTE, "PO"));
            assertThat(check("Aspirin 81 mg intravenously daily."))
                    .containsExactly(finding(FindingKind.ROUTE, "intravenously"));
        }
    }

    @Nested
    class DatesAndDurations {
        @Test
        void aChangedDateIsCaught() {
            assertThat(check("Echocardiogram on 03/15/2024.")).containsExactly(finding(FindingKind.DATE, "03/15/2024"));
            assertThat(check("Echocardiogram on March 14, 2023."))
                    .containsExactly(finding(FindingKind.DATE, "March 14, 2023"));
        }

        @Test
        void aChangedDurationIsCaught() {
            assertThat(check("Azithromycin 500 mg IV daily for ten days."))
                    .containsExactly(finding(FindingKind.DURATION, "ten days"));
            assertThat(check("Chest pain for three days."))
                    .containsExactly(finding(FindingKind.DURATION, "three days"));
        }
    }

    @Nested
    class Laterality {
        @Test
        void aSwappedSideIsCaught() {
            assertThat(check("Right ankle swelling for two weeks."))
                    .containsExactly(finding(FindingKind.LATERALITY, "Right ankle"));
            assertThat(check("Possible left lower lobe pneumonia."))
                    .containsExactly(finding(FindingKind.LATERALITY, "left lower lobe"));
        }

        @Test
        void aSideTheReportDoesNotGiveIsCaught() {
            assertThat(check("Left-sided chest pain for two days."))
                    .containsExactly(finding(FindingKind.LATERALITY, "Left-sided chest pain"));
        }

        @Test
        void aSwappedSideOfAnOrganIsCaught() {
            assertThat(check("Right ventricular ejection fraction of 40%."))
                    .containsExactly(finding(FindingKind.LATERALITY, "Right ventricular"));
        }
    }

    @Nested
    class NegationAndCertainty {
        @Test
        void aDroppedNegationIsCaught() {
            assertThat(check("She reports nausea.")).containsExactly(finding(FindingKind.NEGATION, "nausea"));
            assertThat(check("Pleural effusion on chest x-ray."))
                    .containsExactly(finding(FindingKind.NEGATION, "Pleural effusion"));
            assertThat(check("Acute myocardial infarction."))
                    .containsExactly(finding(FindingKind.NEGATION, "myocardial infarction"));
        }

        @Test
        void anAddedNegationIsCaught() {
            assertThat(check("No atrial fibrillation."))
                    .containsExactly(finding(FindingKind.NEGATION, "No atrial fibrillation"));
            assertThat(check("She denies chest pain."))
                    .containsExactly(finding(FindingKind.NEGATION, "denies chest pain"));
        }

        @Test
        void aPossibleFindingMadeCertainIsCaught() {
            assertThat(check("Chest x-ray shows right lower lobe pneumonia."))
                    .containsExactly(finding(FindingKind.CERTAINTY, "right lower lobe pneumonia"));
        }

        @Test
        void aPossibleFindingStatedAsAbsentIsCaught() {
            assertThat(check("No pneumonia.")).containsExactly(finding(FindingKind.CERTAINTY, "No pneumonia"));
        }
    }

    @Nested
    class MedicationsAndDiagnoses {
        @Test
        void aSubstitutedMedicationIsCaught() {
            assertThat(check("Atenolol 25 mg twice daily."))
                    .containsExactly(finding(FindingKind.MEDICATION, "Atenolol"));
            assertThat(check("Apixaban 5 mg every evening."))
                    .containsExactly(finding(FindingKind.MEDICATION, "Apixaban"));
        }

        @Test
        void anAddedDiagnosisIsCaught() {
            assertThat(check("History of congestive heart failure and atrial fibrillation."))
                    .containsExactly(finding(FindingKind.DIAGNOSIS, "congestive heart failure"));
            assertThat(check("History of COPD.")).containsExactly(finding(FindingKind.DIAGNOSIS, "COPD"));
            assertThat(check("Right lower lobe pneumonia with empyema is possible."))
                    .containsExactly(finding(FindingKind.DIAGNOSIS, "empyema"));
        }
    }

    @Nested
    class FormIsForgiven {
        @Test
        void unitsGluedOrSpacedAndSpelledOut() {
            assertThat(check("Aspirin 81mg daily.")).isEmpty();
            assertThat(check("Aspirin 81 milligrams daily.")).isEmpty();
            assertThat(check("Azithromycin 0.5 g IV daily.")).isEmpty();
            assertThat(check("Blood pressure 152/88 mm Hg.")).isEmpty();
            assertThat(check("Temperature 98.4 \u00b0F, oxygen saturation 95 percent."))
                    .isEmpty();
        }

        @Test
        void numbersInWordsOrDigits() {
            assertThat(check("Chest pain for 2 days.")).isEmpty();
            assertThat(check("Azithromycin for five days.")).isEmpty();
            assertThat(check("Cardiology follow-up in two weeks.")).isEmpty();
        }

        @Test
        void frequencyCodesOrWords() {
            assertThat(check("Metoprolol 25 mg BID.")).isEmpty();
            assertThat(check("Metoprolol 25 mg b.i.d.")).isEmpty();
            assertThat(check("Metoprolol 25 mg two times a day.")).isEmpty();
            assertThat(check("Metoprolol 25 mg every 12 hours.")).isEmpty();
            assertThat(check("Aspirin 81 mg once a day by mouth.")).isEmpty();
            assertThat(check("Warfarin 5 mg PO every evening.")).isEmpty();
        }

        @Test
        void abbreviationsOrTheirExpansion() {
            assertThat(check("LVEF 40%.")).isEmpty();
            assertThat(check("Left ventricular ejection fraction 40%.")).isEmpty();
            assertThat(check("HR 96, BP 152/88.")).isEmpty();
            assertThat(check("Possible RLL pneumonia.")).isEmpty();
            assertThat(check("Patient with HTN and afib.")).isEmpty();
        }

        @Test
        void datesInAnyForm() {
            assertThat(check("Echocardiogram on March 14, 2024.")).isEmpty();
            assertThat(check("Echocardiogram on 2024-03-14.")).isEmpty();
            assertThat(check("Echocardiogram on 3/14/24.")).isEmpty();
        }

        @Test
        void caseHyphensPluralsAndInflections() {
            assertThat(check("CRACKLES AT THE RIGHT BASE.")).isEmpty();
            assertThat(check("Abdomen nontender.")).isEmpty();
            assertThat(check("Crackle at the right base; swollen left ankle.")).isEmpty();
            assertThat(check("Cardiology follow up in 2 weeks.")).isEmpty();
            assertThat(check("Diabetic and hypertensive woman.")).isEmpty();
        }

        @Test
        void sentenceOrder() {
            assertThat(check("Lisinopril increased to 20 mg daily. Azithromycin 500 mg IV daily for 5 days. "
                            + "Troponin negative. Atrial fibrillation with controlled rate."))
                    .isEmpty();
        }

        @Test
        void synonyms() {
            assertThat(check("She denies dyspnea.")).isEmpty();
            assertThat(check("History of high blood pressure.")).isEmpty();
            assertThat(check("Coumadin 5 mg every evening.")).isEmpty();
            assertThat(check("Afebrile.")).isEmpty();
            assertThat(check("She is on an anticoagulant and a beta blocker.")).isEmpty();
        }

        @Test
        void negationWordingAndHedging() {
            assertThat(check("Negative for nausea and diaphoresis.")).isEmpty();
            assertThat(check("No shortness of breath.")).isEmpty();
            assertThat(check("Myocardial infarction was excluded.")).isEmpty();
            assertThat(check("Pneumonia cannot be excluded.")).isEmpty();
            assertThat(check("Likely pneumonia of the right lower lobe.")).isEmpty();
        }
    }
}
