package io.medsum.worker.grounding;

import io.medsum.common.domain.Grounding;

/**
 * The optional second layer of the faithfulness gate: scores how well a summary is grounded in its report. Amazon
 * Bedrock Guardrails' contextual grounding check in AWS ({@link BedrockGroundingCheck}); a scorer of its own on the
 * local Bedrock stand-in. Each call scores one guarded block of at most {@link GroundingLimits#MAX_GUARDED_CHARS}.
 */
@FunctionalInterface
public interface GroundingCheck {

    /**
     * @param groundingSource the report, at most {@link GroundingLimits#MAX_SOURCE_CHARS}
     * @param query the task the model was given, at most {@link GroundingLimits#MAX_QUERY_CHARS}
     * @param guarded the summary or a part of it, at most {@link GroundingLimits#MAX_GUARDED_CHARS}
     * @return the grounding score and the threshold the guardrail applied
     * @throws GroundingCheckException classified, never carrying the service's message (it can quote the input)
     */
    Grounding score(String groundingSource, String query, String guarded) throws GroundingCheckException;
}
