package io.medsum.common.domain;

/**
 * The optional second layer's verdict on a summary: the contextual grounding score Amazon Bedrock Guardrails gave it
 * against its report, and the threshold the guardrail applied. Numbers only, never text, so they may be stored, shown
 * and counted freely. A summary checked in several parts (longer than one guarded block) keeps its lowest score.
 *
 * @param score 0 (nothing of the summary is supported by the report) to 1 (all of it is)
 * @param threshold below it, the summary is not grounded and waits for a reviewer
 */
public record Grounding(double score, double threshold) {
    public Grounding {
        if (!(score >= 0 && score <= 1) || !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("Grounding score and threshold lie within 0..1");
        }
    }

    public boolean belowThreshold() {
        return score < threshold;
    }
}
