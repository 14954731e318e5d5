package io.medsum.local.bedrock;

import io.medsum.worker.summary.ExtractiveSummarizer;

/**
 * The stand-in's "model": an extractive summary of the report in the prompt. The worker wraps the report in
 * {@code <report>} ... {@code </report>} lines; anything outside them is instructions, which a summary must not quote.
 * Without the delimiters the whole prompt is the text.
 */
final class SummarizingModel {
    /** maxTokens when a request sets none; Bedrock's default varies by model, the stand-in's is 512. */
    static final int DEFAULT_MAX_TOKENS = 512;

    /** The usual rule of thumb for English text with BPE tokenizers. */
    static final int CHARS_PER_TOKEN = 4;

    static final String REPORT_START = "<report>";
    static final String REPORT_END = "</report>";

    /** What one inference produced; truncated means the token budget, not the content, ended it. */
    /** {@code reportDigest} identifies the summarized report, so harnesses can count calls per report. */
    record Generation(String text, boolean truncated, int inputTokens, int outputTokens, String reportDigest) {
        int totalTokens() {
            return inputTokens + outputTokens;
        }
    }

    /**
     * What an instructed model writes for text it cannot summarize (one run-on "sentence" longer than the whole budget,
     * such as a block of one repeated character): the worker's prompt asks for one sentence saying so, and a real model
     * answers briefly rather than running into its token limit.
     */
    static final String NOT_SUMMARIZABLE =
            "The text contains no sentence that can be summarized within the requested length.";

    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

    /** Instructions (a system prompt) are read, so they cost input tokens, but are never summarized. */
    Generation generate(String instructions, String prompt, int maxTokens) {
        String report = reportIn(prompt);
        int maxChars = (int) Math.min(Integer.MAX_VALUE, (long) maxTokens * CHARS_PER_TOKEN);
        ExtractiveSummarizer.Summary summary = summarizer.summarizeDetailed(report, maxChars);
        if (summary.truncated() && NOT_SUMMARIZABLE.length() <= maxChars) {
            summary = new ExtractiveSummarizer.Summary(NOT_SUMMARIZABLE, false);
        }
        int inputTokens = estimateTokens(instructions.length() + prompt.length());
        return new Generation(
                summary.text(),
                summary.truncated(),
                inputTokens,
                estimateTokens(summary.text().length()),
                CallCounters.digest(report));
    }

    /**
     * The answer as a model would leave it when stopped by its token budget although the whole answer would have fit: a
     * strict prefix, ending mid-sentence without its last word.
     */
    static String cutShort(String text) {
        String answer = text.stripTrailing();
        int lastSpace = answer.lastIndexOf(' ');
        if (lastSpace > 0) {
            return answer.substring(0, lastSpace).stripTrailing();
        }
        return answer.substring(0, answer.length() / 2);
    }

    /**
     * The last delimited block: instructions may name the tags themselves ("between the &lt;report&gt; and
     * &lt;/report&gt; tags"), and the worker neutralizes tags inside the report, so the last pair is the data.
     */
    static String reportIn(String prompt) {
        int end = prompt.lastIndexOf(REPORT_END);
        int start = end < 0 ? -1 : prompt.lastIndexOf(REPORT_START, end);
        if (start < 0) {
            return prompt;
        }
        return prompt.substring(start + REPORT_START.length(), end);
    }

    /** Roughly chars/4, never 0: Bedrock reports at least one token for any call it served. */
    static int estimateTokens(int chars) {
        return Math.max(1, (int) (((long) chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN));
    }
}
