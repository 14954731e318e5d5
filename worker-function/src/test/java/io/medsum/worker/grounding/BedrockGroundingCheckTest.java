package io.medsum.worker.grounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailAction;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailAssessment;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentQualifier;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentSource;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContextualGroundingFilter;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContextualGroundingFilterType;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContextualGroundingPolicyAction;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The ApplyGuardrail request and response mapping (the wire itself is tested against the local stand-in). */
class BedrockGroundingCheckTest {

    @Test
    void theRequestQualifiesTheReportTheTaskAndTheSummaryForTheContextualGroundingCheck() {
        ApplyGuardrailRequest request =
                BedrockGroundingCheck.request("gr1abc", "1", "the report", "the task", "the summary");

        assertThat(request.guardrailIdentifier()).isEqualTo("gr1abc");
        assertThat(request.guardrailVersion()).isEqualTo("1");
        assertThat(request.source()).isEqualTo(GuardrailContentSource.OUTPUT);
        assertThat(request.content())
                .extracting(block -> block.text().text(), block -> block.text().qualifiers())
                .containsExactly(
                        tuple("the report", List.of(GuardrailContentQualifier.GROUNDING_SOURCE)),
                        tuple("the task", List.of(GuardrailContentQualifier.QUERY)),
                        tuple("the summary", List.of(GuardrailContentQualifier.GUARD_CONTENT)));
    }

    private static GuardrailContextualGroundingFilter filter(
            GuardrailContextualGroundingFilterType type, double score, double threshold) {
        return GuardrailContextualGroundingFilter.builder()
                .type(type)
                .score(score)
                .threshold(threshold)
                .action(
                        score < threshold
                                ? GuardrailContextualGroundingPolicyAction.BLOCKED
                                : GuardrailContextualGroundingPolicyAction.NONE)
                .build();
    }

    private static ApplyGuardrailResponse response(GuardrailContextualGroundingFilter... filters) {
        return ApplyGuardrailResponse.builder()
                .action(GuardrailAction.NONE)
                .assessments(GuardrailAssessment.builder()
                        .contextualGroundingPolicy(p -> p.filters(filters))
                        .build())
                .build();
    }

    @Test
    void theScoreIsTheGroundingFiltersNotTheRelevanceFilters() throws Exception {
        Grounding grounding = BedrockGroundingCheck.groundingOf(response(
                filter(GuardrailContextualGroundingFilterType.RELEVANCE, 0.1, 0.5),
                filter(GuardrailContextualGroundingFilterType.GROUNDING, 0.83, 0.7)));

        assertThat(grounding).isEqualTo(new Grounding(0.83, 0.7));
    }

    @Test
    void aResponseWithoutAGroundingScoreIsNotAPass() {
        assertThatThrownBy(() -> BedrockGroundingCheck.groundingOf(ApplyGuardrailResponse.builder()
                        .action(GuardrailAction.NONE)
                        .build()))
                .isInstanceOfSatisfying(
                        GroundingCheckException.class,
                        e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> BedrockGroundingCheck.groundingOf(
                        response(filter(GuardrailContextualGroundingFilterType.RELEVANCE, 0.9, 0.5))))
                .isInstanceOf(GroundingCheckException.class);
    }

    @Test
    void failuresAreClassifiedByTypeIntoGroundingCodes() {
        assertThat(BedrockGroundingCheck.classify(ThrottlingException.builder().build())
                        .code())
                .isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(BedrockGroundingCheck.classify(
                                ServiceQuotaExceededException.builder().build())
                        .code())
                .isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(BedrockGroundingCheck.classify(
                                InternalServerException.builder().build())
                        .code())
                .isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(BedrockGroundingCheck.classify(SdkClientException.create("connection reset"))
                        .code())
                .isEqualTo(FailureCode.GROUNDING_UNAVAILABLE);
        assertThat(BedrockGroundingCheck.classify(
                                AccessDeniedException.builder().build())
                        .code())
                .isEqualTo(FailureCode.GROUNDING_ACCESS_DENIED);
        assertThat(BedrockGroundingCheck.classify(
                                ResourceNotFoundException.builder().build())
                        .code())
                .isEqualTo(FailureCode.GROUNDING_NOT_FOUND);
        GroundingCheckException invalid = BedrockGroundingCheck.classify(
                ValidationException.builder().message("quoting the report").build());
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.getMessage()).doesNotContain("quoting");
    }
}
