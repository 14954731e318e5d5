package io.medsum.worker.grounding;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.worker.model.BedrockFailures;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailAssessment;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentQualifier;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentSource;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContextualGroundingFilter;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContextualGroundingFilterType;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailTextBlock;

/**
 * {@link GroundingCheck} on Amazon Bedrock Guardrails: one {@code ApplyGuardrail} call with source OUTPUT and three
 * text blocks, qualified {@code grounding_source} (the report), {@code query} (the task) and {@code guard_content} (the
 * summary). The score is the GROUNDING filter's of {@code assessments[].contextualGroundingPolicy.filters[]}; a
 * RELEVANCE filter, if the guardrail has one, is not what this gate asks.
 */
public final class BedrockGroundingCheck implements GroundingCheck {
    private final BedrockRuntimeClient bedrock;
    private final String guardrailId;
    private final String guardrailVersion;

    public BedrockGroundingCheck(BedrockRuntimeClient bedrock, String guardrailId, String guardrailVersion) {
        this.bedrock = bedrock;
        this.guardrailId = guardrailId;
        this.guardrailVersion = guardrailVersion;
    }

    @Override
    public Grounding score(String groundingSource, String query, String guarded) throws GroundingCheckException {
        ApplyGuardrailResponse response;
        try {
            response = bedrock.applyGuardrail(request(guardrailId, guardrailVersion, groundingSource, query, guarded));
        } catch (SdkException e) {
            throw classify(e);
        }
        return groundingOf(response);
    }

    static ApplyGuardrailRequest request(
            String guardrailId, String guardrailVersion, String groundingSource, String query, String guarded) {
        return ApplyGuardrailRequest.builder()
                .guardrailIdentifier(guardrailId)
                .guardrailVersion(guardrailVersion)
                .source(GuardrailContentSource.OUTPUT)
                .content(
                        text(groundingSource, GuardrailContentQualifier.GROUNDING_SOURCE),
                        text(query, GuardrailContentQualifier.QUERY),
                        text(guarded, GuardrailContentQualifier.GUARD_CONTENT))
                .build();
    }

    private static GuardrailContentBlock text(String text, GuardrailContentQualifier qualifier) {
        return GuardrailContentBlock.fromText(
                GuardrailTextBlock.builder().text(text).qualifiers(qualifier).build());
    }

    /** The lowest GROUNDING score of the response with its threshold; none at all means nothing was checked. */
    static Grounding groundingOf(ApplyGuardrailResponse response) throws GroundingCheckException {
        Grounding lowest = null;
        List<GuardrailAssessment> assessments = response.hasAssessments() ? response.assessments() : List.of();
        for (GuardrailAssessment assessment : assessments) {
            if (assessment.contextualGroundingPolicy() == null
                    || !assessment.contextualGroundingPolicy().hasFilters()) {
                continue;
            }
            for (GuardrailContextualGroundingFilter filter :
                    assessment.contextualGroundingPolicy().filters()) {
                if (filter.type() == GuardrailContextualGroundingFilterType.GROUNDING
                        && filter.score() != null
                        && filter.threshold() != null) {
                    Grounding scored = new Grounding(filter.score(), filter.threshold());
                    if (lowest == null || scored.score() < lowest.score()) {
                        lowest = scored;
                    }
                }
            }
        }
        if (lowest == null) {
            // The guardrail has no GROUNDING filter (misconfigured, or a different guardrail): not a pass.
            throw GroundingCheckException.notCheckable("The guardrail returned no contextual grounding score", null);
        }
        return lowest;
    }

    /** By exception type and status, like the model call; the configuration codes name the guardrail. */
    static GroundingCheckException classify(SdkException error) {
        FailureCode modelCode = BedrockFailures.classify(error);
        return switch (modelCode) {
            case MODEL_ACCESS_DENIED -> GroundingCheckException.failed(FailureCode.GROUNDING_ACCESS_DENIED, error);
            case MODEL_NOT_FOUND -> GroundingCheckException.failed(FailureCode.GROUNDING_NOT_FOUND, error);
            case MODEL_VALIDATION ->
                GroundingCheckException.notCheckable("The grounding check refused the request as invalid", error);
            default -> GroundingCheckException.failed(FailureCode.GROUNDING_UNAVAILABLE, error);
        };
    }
}
