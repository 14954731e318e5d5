package io.medsum.worker.faithfulness;

import java.util.List;

/**
 * The deterministic faithfulness check of a summary against its report (issue 10: no unverified fact reaches a
 * clinician). Every clinical fact of the summary that can be checked is looked up in the report: numbers with their
 * units and doses, frequencies and routes, dates and durations, sides and site modifiers, negation and certainty,
 * medications and diagnoses. Matching forgives form (81mg = 81 mg, two = 2, BID = twice daily, mm Hg = mmHg, LVEF =
 * left ventricular ejection fraction, case, hyphens, plurals and inflections, sentence order, WordNet synonyms) but
 * never substance: another number, unit, side, drug or polarity is a finding.
 *
 * <p>Thread-safe and stateless; the vocabulary is read once per class loader, on first use (or on {@link #warmUp()}).
 * The check never logs, and never throws: if it cannot run, it returns one {@link FindingKind#UNCHECKED} finding
 * covering the whole summary. Design, vocabulary and known gaps: docs/vocabulary.md.
 */
public final class FaithfulnessCheck {

    /**
     * The facts of {@code summary} that {@code report} does not support, in summary order; empty when every checkable
     * fact was found. A null or blank summary has no facts; a null report supports none.
     */
    public List<Finding> check(String report, String summary) {
        if (summary == null || summary.isBlank()) {
            return List.of();
        }
        try {
            Vocabulary v = Vocabulary.get();
            Analysis r = new Analysis(v, report == null ? "" : report);
            r.index();
            Analysis s = new Analysis(v, summary);
            return List.copyOf(new Comparison(v, r, s, summary).run());
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            return List.of(new Finding(FindingKind.UNCHECKED, summary));
        }
    }

    /** Reads the vocabulary now (for SnapStart priming); returns the milliseconds the first read took. */
    public static double warmUp() {
        Vocabulary.get();
        return Vocabulary.loadNanos() / 1e6;
    }
}
