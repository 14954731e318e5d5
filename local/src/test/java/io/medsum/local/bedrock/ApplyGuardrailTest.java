package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Grounding;
import io.medsum.worker.grounding.BedrockGroundingCheck;
import io.medsum.worker.grounding.GroundingCheckException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ApplyGuardrailResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailAction;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentQualifier;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailContentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;

/**
 * ApplyGuardrail on the stand-in through the real SDK client, in Bedrock Runtime's wire format: the worker's adapter
 * reads its grounding score, unknown guardrails answer ResourceNotFoundException, and the contextual grounding limits
 * hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplyGuardrailTest {
    private static final String REPORT = "HISTORY: Chest pain for two days. ASSESSMENT: Stable angina. "
            + "PLAN: Aspirin 81 mg daily and a cardiology referral.";
    private static final String TASK = "Summarize the medical report for a clinician.";

    private LocalBedrockServer server;
    private BedrockRuntimeClient client;
    private LocalGuardrails.Guardrail guardrail;

    @BeforeAll
    void start() {
        server = LocalBedrockServer.start();
        client = BedrockTestClients.clientFor(server);
        guardrail = server.guardrails().create(0.7);
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private BedrockGroundingCheck check(String id, String version) {
        return new BedrockGroundingCheck(client, id, version);
    }

    @Test
    void aSummaryTakenFromTheReportIsGroundedThroughTheWorkersAdapter() throws Exception {
        Grounding grounding = check(guardrail.id(), "1").score(REPORT, TASK, "Stable angina; aspirin 81 mg daily.");

        assertThat(grounding).isEqualTo(new Grounding(1.0, 0.7));
    }

    @Test
    void aSummaryWithInventedFactsScoresUnderTheThreshold() throws Exception {
        Grounding grounding = check(guardrail.id(), "1")
                .score(REPORT, TASK, "Atrial fibrillation; warfarin 5 mg and apixaban started by neurology.");

        assertThat(grounding.score()).isLessThan(0.7);
        assertThat(grounding.belowThreshold()).isTrue();
    }

    @Test
    void theResponseCarriesActionOutputsAssessmentsAndUsageInTheServiceShape() {
        ApplyGuardrailResponse response = client.applyGuardrail(
                r -> r.guardrailIdentifier("arn:aws:bedrock:us-east-1:000000000000:guardrail/" + guardrail.id())
                        .guardrailVersion("1")
                        .source(GuardrailContentSource.OUTPUT)
                        .content(
                                block(REPORT, GuardrailContentQualifier.GROUNDING_SOURCE),
                                block(TASK, GuardrailContentQualifier.QUERY),
                                block("Warfarin started.", GuardrailContentQualifier.GUARD_CONTENT)));

        assertThat(response.action()).isEqualTo(GuardrailAction.GUARDRAIL_INTERVENED);
        assertThat(response.outputs()).hasSize(1);
        assertThat(response.assessments().get(0).contextualGroundingPolicy().filters())
                .singleElement()
                .satisfies(filter -> {
                    assertThat(filter.typeAsString()).isEqualTo("GROUNDING");
                    assertThat(filter.threshold()).isEqualTo(0.7);
                    assertThat(filter.actionAsString()).isEqualTo("BLOCKED");
                });
        int characters = REPORT.length() + TASK.length() + "Warfarin started.".length();
        assertThat(response.usage().contextualGroundingPolicyUnits()).isEqualTo((characters + 999) / 1000);
    }

    @Test
    void anUnknownGuardrailOrVersionIsResourceNotFoundAsTheServiceAnswers() {
        assertThatThrownBy(() -> client.applyGuardrail(r -> r.guardrailIdentifier("nosuchguardrail")
                        .guardrailVersion("1")
                        .source(GuardrailContentSource.OUTPUT)
                        .content(block(REPORT, GuardrailContentQualifier.GROUNDING_SOURCE))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> check(guardrail.id(), "7").score(REPORT, TASK, "Stable angina."))
                .isInstanceOfSatisfying(
                        GroundingCheckException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.GROUNDING_NOT_FOUND));
    }

    @Test
    void guardedTextOverTheContextualGroundingLimitIsRefusedAsInvalidAndNotCheckable() {
        assertThatThrownBy(() -> check(guardrail.id(), "1").score(REPORT, TASK, "angina ".repeat(800)))
                .isInstanceOfSatisfying(
                        GroundingCheckException.class,
                        e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void anInjectedThrottleIsClassifiedAsUnavailable() {
        server.guardrails().failWith(BedrockError.THROTTLING);
        try {
            assertThatThrownBy(() -> check(guardrail.id(), "1").score(REPORT, TASK, "Stable angina."))
                    .isInstanceOfSatisfying(
                            GroundingCheckException.class,
                            e -> assertThat(e.code()).isEqualTo(FailureCode.GROUNDING_UNAVAILABLE));
        } finally {
            server.guardrails().failWith(null);
        }
    }

    private static GuardrailContentBlock block(String text, GuardrailContentQualifier qualifier) {
        return GuardrailContentBlock.fromText(t -> t.text(text).qualifiers(qualifier));
    }
}
