package io.medsum.common.domain;

import java.util.List;
import java.util.Locale;

/**
 * Why a summary awaits a clinician's review and, once reviewed, the decision. {@code findings} hold exact fragments of
 * the summary, so they are patient data: API responses only, never logs, metrics or errors.
 *
 * @param decision null until reviewed
 * @param by the reviewer's identity (an IAM principal or an API key id), null until reviewed
 * @param at epoch seconds of the decision, null until reviewed
 * @param comment the reviewer's optional comment
 */
public record Review(List<Finding> findings, Decision decision, String by, Long at, String comment) {

    public Review {
        findings = List.copyOf(findings);
    }

    /** A fact of the summary the check could not verify against the report: its kind and the exact fragment. */
    public record Finding(String kind, String text) {
        @Override
        public String toString() {
            return "Finding[kind=" + kind + "]"; // the text is patient data
        }
    }

    public enum Decision {
        APPROVE,
        REJECT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Review pending(List<Finding> findings) {
        return new Review(findings, null, null, null, null);
    }

    public boolean isDecided() {
        return decision != null;
    }

    @Override
    public String toString() {
        return "Review[findings=" + findings.size() + ", decision=" + decision + "]";
    }
}
