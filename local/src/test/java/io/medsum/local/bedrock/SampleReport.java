package io.medsum.local.bedrock;

/** A short synthetic report (no real patient) and the prompt around it, as the worker sends them. */
final class SampleReport {
    static final String REPORT = "CHIEF COMPLAINT:,  Cough and fever for five days.,HISTORY OF PRESENT ILLNESS:,  "
            + "The patient is a 67-year-old man with productive cough, fever to 38.9 C and pleuritic chest pain.  "
            + "He was seen by Dr. Lee two days ago and started on azithromycin 500 mg.  His cough has not improved.,"
            + "IMPRESSION:,  Right lower lobe pneumonia.,PLAN:,1.  Admit for intravenous ceftriaxone.,"
            + "2.  Repeat chest radiograph in six weeks.";
    static final String INSTRUCTIONS = "Summarize the medical report below for a referring physician.";
    static final String PROMPT = INSTRUCTIONS + "\n<report>\n" + REPORT + "\n</report>\nAnswer with the summary only.";
    static final String DELIMITED = "<report>\n" + REPORT + "\n</report>";

    private SampleReport() {}
}
