package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.BedrockOperation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The optional grounding check on the wire: {@code GroundingThreshold=0.7} makes the local stack create the template's
 * guardrail on the Bedrock stand-in and hand its id and version to the worker, which applies it with the real SDK
 * client after the deterministic check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroundingPipelineTest {
    private LocalPipeline pipeline;
    private ApiClient api;

    @BeforeAll
    void startPipeline() {
        Map<String, String> env = new HashMap<>(PipelineTestSupport.FAST);
        pipeline = LocalPipeline.start(LocalPipeline.Options.inMemory()
                .withParameters(Map.of("GroundingThreshold", "0.7"))
                .withEnvironment(env));
        api = new ApiClient(pipeline);
    }

    @AfterAll
    void stopPipeline() {
        pipeline.close();
    }

    @BeforeEach
    void reset() {
        PipelineTestSupport.purgeQueues(pipeline);
        pipeline.bedrock().faults().clear();
        pipeline.bedrock().counters().reset();
        pipeline.bedrock().guardrails().failWith(null);
    }

    @Test
    void theWorkerIsGivenTheTemplatesGuardrailAndItsPublishedVersion() {
        Map<String, String> worker = pipeline.environment("WorkerFunction");
        assertThat(worker.get("GUARDRAIL_ID")).startsWith("localgr");
        assertThat(worker.get("GUARDRAIL_VERSION")).isEqualTo("1");
    }

    @Test
    void aGroundedSummaryIsSuccessAndShowsItsScoreAndThreshold() {
        String patient = newPatient();
        String reportId = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();
        long before = pipeline.bedrock().guardrails().applyCalls();

        drain(pipeline);

        JsonNode view = api.get("/reports/" + patient + "/" + reportId).json();
        assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("SUCCESS");
        assertThat(view.get("grounding").get("threshold").asDouble()).isEqualTo(0.7);
        assertThat(view.get("grounding").get("score").asDouble()).isGreaterThanOrEqualTo(0.7);
        assertThat(pipeline.bedrock().guardrails().applyCalls() - before).isEqualTo(1);
    }

    @Test
    void aThrottledCheckKeepsTheReportPendingWithoutShowingTheHeldSummaryThenFinishesWithoutASecondModelCall() {
        pipeline.bedrock().guardrails().failWith(BedrockError.THROTTLING);
        String patient = newPatient();
        String reportId = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();
        String path = "/reports/" + patient + "/" + reportId;

        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.deliverOnce() > 0);
        JsonNode held = api.get(path).json();
        assertThat(held.get("status").asText()).as(held.toString()).isEqualTo("PENDING");
        assertThat(held.get("error").get("code").asText()).isEqualTo("GROUNDING_UNAVAILABLE");
        assertThat(held.has("summary"))
                .as("a held summary is unchecked: never shown")
                .isFalse();
        assertThat(held.has("grounding")).isFalse();

        pipeline.bedrock().guardrails().failWith(null);
        drain(pipeline);

        JsonNode view = api.get(path).json();
        assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("SUCCESS");
        assertThat(pipeline.bedrock().counters().calls(BedrockOperation.CONVERSE))
                .as("the held summary was checked, not redone")
                .isEqualTo(1);
    }
}
