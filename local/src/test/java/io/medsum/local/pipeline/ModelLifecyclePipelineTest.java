package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.peek;
import static io.medsum.local.pipeline.PipelineTestSupport.record;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportStatus;
import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.ModelLifecycle;
import io.medsum.local.bedrock.ModelStopReason;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The model as an operated dependency, over the Bedrock Runtime and control-plane wire formats: a retired model fails
 * reports with MODEL_NOT_FOUND and degrades health, a Legacy one is named in health but still answers, the hourly watch
 * reports both, and a summary cut off at maxTokens is never a SUCCESS.
 */
class ModelLifecyclePipelineTest extends PipelineTest {
    private static final String RETIRED = "amazon.titan-text-express-v1";

    @BeforeEach
    void defaultModel() {
        // Fresh function instances, so no test sees another's cached health reading.
        pipeline.redeploy(Map.of("ModelId", ModelIds.DEFAULT));
    }

    private String submit(String patientId) {
        var response = api.postJson("/summarize", report(patientId, sampleText()));
        assertThat(response.status()).isEqualTo(202);
        return response.json().get("reportId").asText();
    }

    @Test
    void anActiveDefaultModelKeepsHealthOkAndNamesIt() {
        var health = api.get("/health");

        assertThat(health.status()).isEqualTo(200);
        var model = health.json().get("checks").get("model");
        assertThat(model.get("id").asText()).isEqualTo(ModelIds.DEFAULT);
        assertThat(model.get("lifecycle").asText()).isEqualTo("ACTIVE");
        assertThat(pipeline.invokeScheduled(LocalPipeline.MODEL_WATCH)).containsEntry("lifecycle", "ACTIVE");
    }

    @Test
    void aRetiredModelFailsReportsWithModelNotFoundIntoTheDlqAndDegradesHealth() {
        pipeline.redeploy(Map.of("ModelId", RETIRED));
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report failed = record(pipeline, patient, reportId).orElseThrow();
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(peek(pipeline, pipeline.resources().dlqUrl())).hasSize(1);
        assertThat(pipeline.bedrock().counters().successfulCalls()).isZero();

        var health = api.get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("degraded");
        assertThat(health.json().get("checks").get("model").get("id").asText()).isEqualTo(RETIRED);
        assertThat(health.json().get("checks").get("model").get("lifecycle").asText())
                .isEqualTo("NOT_FOUND");
        assertThat(pipeline.invokeScheduled(LocalPipeline.MODEL_WATCH)).containsEntry("lifecycle", "NOT_FOUND");
    }

    @Test
    void aLegacyModelIsNamedInHealthWithItsEndOfLifeButHealthStaysOk() {
        pipeline.bedrock().faults().modelLifecycle(ModelLifecycle.LEGACY);

        var health = api.get("/health");

        assertThat(health.status()).isEqualTo(200);
        var model = health.json().get("checks").get("model");
        assertThat(model.get("lifecycle").asText()).isEqualTo("LEGACY");
        assertThat(model.get("endOfLife").asText()).isNotBlank();
        assertThat(pipeline.invokeScheduled(LocalPipeline.MODEL_WATCH))
                .containsEntry("lifecycle", "LEGACY")
                .containsKey("endOfLife");

        String patient = newPatient();
        String reportId = submit(patient);
        drain(pipeline);
        assertThat(record(pipeline, patient, reportId).orElseThrow().status()).isEqualTo(ReportStatus.SUCCESS);
    }

    @Test
    void theDefaultModelReachingEndOfLifeWhileRunningDegradesHealth() {
        pipeline.bedrock().faults().modelLifecycle(ModelLifecycle.END_OF_LIFE);

        var health = api.get("/health");

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("checks").get("model").get("lifecycle").asText())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void aSummaryCutOffAtMaxTokensIsNeverStoredAsSuccess() {
        pipeline.bedrock().faults().stopReason(ModelStopReason.MAX_TOKENS);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report report = record(pipeline, patient, reportId).orElseThrow();
        assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(report.lastErrorCode()).isEqualTo(FailureCode.MODEL_OUTPUT_TRUNCATED);
        assertThat(report.summary()).isNull();
        // One model call, then straight to the DLQ for an operator: raise MaxOutputTokens and redrive.
        assertThat(pipeline.bedrock().counters().totalCalls()).isEqualTo(1);
        assertThat(peek(pipeline, pipeline.resources().dlqUrl()))
                .singleElement()
                .satisfies(message -> assertThat(message.messageAttributes())
                        .containsEntry(
                                "FailureCode",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue(FailureCode.MODEL_OUTPUT_TRUNCATED.name())
                                        .build()));
    }

    @Test
    void aFilteredAnswerFailsTheReportWithoutASummary() {
        pipeline.bedrock().faults().stopReason(ModelStopReason.CONTENT_FILTERED);
        String patient = newPatient();
        String reportId = submit(patient);

        drain(pipeline);

        Report report = record(pipeline, patient, reportId).orElseThrow();
        assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(report.lastErrorCode()).isEqualTo(FailureCode.MODEL_CONTENT_FILTERED);
        assertThat(report.summary()).isNull();
    }
}
