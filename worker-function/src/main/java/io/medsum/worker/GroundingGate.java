package io.medsum.worker;

import io.medsum.common.domain.Grounding;
import io.medsum.common.domain.Review;
import io.medsum.worker.grounding.GroundingCheck;
import io.medsum.worker.grounding.GroundingCheckException;
import io.medsum.worker.grounding.GroundingLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional second layer after the deterministic check (off unless the template's GroundingThreshold is set): the
 * contextual grounding score of the summary against its report. A summary longer than one guarded block is checked in
 * parts cut at sentence ends, each an exact fragment of the summary; the lowest score is the summary's, and every part
 * under the threshold is a {@code grounding} finding with that part as its text. A summary the check can never score
 * (the report is over the grounding source limit, the service refused the request, the guardrail gave no grounding
 * score) is an {@code unchecked} finding: a layer that was asked for and did not run never waves a summary through.
 */
final class GroundingGate {
    private static final Logger LOG = LoggerFactory.getLogger(GroundingGate.class);
    /** The finding kind of a summary (or part) whose grounding score is under the guardrail's threshold. */
    static final String GROUNDING = "grounding";

    /** Sentence ends: the whitespace after '.', '!' or '?', or a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");

    static final GroundingGate OFF = new GroundingGate(null, "");

    private final GroundingCheck check;
    private final String query;

    /**
     * @param check the grounding check; null when off
     * @param query the task the model was given, as the check's query
     */
    GroundingGate(GroundingCheck check, String query) {
        if (query.length() > GroundingLimits.MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("The grounding query is longer than the check accepts");
        }
        this.check = check;
        this.query = query;
    }

    boolean isOn() {
        return check != null;
    }

    /** The scores and findings, or the check's failure when a later attempt (or an operator) may fix it. */
    Verdict assess(String report, String summary) throws GroundingCheckException {
        if (report.length() > GroundingLimits.MAX_SOURCE_CHARS) {
            // Cutting the report would make every fact of the cut part look invented: not checkable, say so.
            LOG.warn("The report is longer than the grounding check's source limit; the summary goes to review");
            return Verdict.unchecked(summary);
        }
        Grounding lowest = null;
        List<Review.Finding> findings = new ArrayList<>();
        for (String part : parts(summary)) {
            Grounding scored;
            try {
                scored = check.score(report, query, part);
            } catch (GroundingCheckException e) {
                if (e.retryable()) {
                    throw e;
                }
                LOG.warn("The grounding check could not score the summary; it goes to review: {}", e.getMessage());
                return Verdict.unchecked(summary);
            }
            if (lowest == null || scored.score() < lowest.score()) {
                lowest = scored;
            }
            if (scored.belowThreshold()) {
                findings.add(new Review.Finding(GROUNDING, part));
            }
        }
        return new Verdict(Optional.ofNullable(lowest), findings);
    }

    /** The summary in guarded blocks of at most the check's limit, each an exact fragment of it. */
    static List<String> parts(String summary) {
        int limit = GroundingLimits.MAX_GUARDED_CHARS;
        if (summary.length() <= limit) {
            return List.of(summary);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (summary.length() - start > limit) {
            int end = lastBreakWithin(summary, start, start + limit);
            parts.add(summary.substring(start, end).strip());
            start = end;
            while (start < summary.length() && Character.isWhitespace(summary.charAt(start))) {
                start++;
            }
        }
        if (start < summary.length()) {
            parts.add(summary.substring(start).strip());
        }
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** The last sentence end in (start, limit], else the last space, else the limit itself. */
    private static int lastBreakWithin(String text, int start, int limit) {
        Matcher sentence = SENTENCE_END.matcher(text).region(start, limit);
        int end = -1;
        while (sentence.find()) {
            end = sentence.start();
        }
        if (end <= start) {
            end = text.lastIndexOf(' ', limit - 1);
        }
        if (end <= start) {
            end = limit;
            if (Character.isLowSurrogate(text.charAt(end))) {
                end--; // never split a character
            }
        }
        return end;
    }

    /**
     * What the check found.
     *
     * @param scores the lowest score with its threshold; empty when nothing was scored
     * @param findings {@code grounding} findings for parts under the threshold, or one {@code unchecked}
     */
    record Verdict(Optional<Grounding> scores, List<Review.Finding> findings) {
        Verdict {
            findings = List.copyOf(findings);
        }

        static Verdict unchecked(String summary) {
            return new Verdict(Optional.empty(), List.of(new Review.Finding(ReportProcessor.UNCHECKED, summary)));
        }
    }
}
