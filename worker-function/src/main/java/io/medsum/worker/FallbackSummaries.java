package io.medsum.worker;

import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.worker.summary.ExtractiveSummarizer;

/** The optional local fallback: an extractive summary, marked {@code SummarySource=fallback}. */
final class FallbackSummaries {
    static final String SOURCE = "fallback";
    static final String MODEL_ID = "extractive";
    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();
    private final int maxChars;

    FallbackSummaries(int maxChars) {
        this.maxChars = maxChars;
    }

    SummaryResult summarize(String reportText) {
        return new SummaryResult(summarizer.summarize(reportText, maxChars), SOURCE, MODEL_ID, 0, 0);
    }
}
