package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelStopReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Canary strings in a report's text, metadata and patient id travel through every path (success, validation errors,
 * model failures, retries, poison messages) and never appear in anything the functions print: JSON logs and EMF metrics
 * both go to stdout, which this test captures whole.
 */
class PatientDataStaysOutOfLogsTest {
    private static final String TEXT_CANARY = "CANARYTEXT7f3a";
    private static final String META_CANARY = "CANARYMETA9b2c";
    private static final String PATIENT_CANARY = "CANARYPATIENT5d1e";

    @Test
    void canariesNeverReachLogsOrMetrics() {
        List<String> auditTrail;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (LocalPipeline pipeline = PipelineTestSupport.start(Map.of("POWERTOOLS_LOG_LEVEL", "DEBUG"))) {
            ApiClient api = new ApiClient(pipeline);
            String text = "Patient " + TEXT_CANARY + " reports chest pain. ASSESSMENT: angina " + TEXT_CANARY + ".";
            Map<String, Object> report =
                    Map.of("patientId", PATIENT_CANARY, "text", text, "metadata", Map.of("physician", META_CANARY));

            api.postJson("/summarize", report); // succeeds
            api.postJson(
                    "/summarize",
                    Map.of(
                            "patientId",
                            PATIENT_CANARY + "/x",
                            "text",
                            text,
                            "metadata",
                            Map.of("urgency", META_CANARY))); // validation errors
            api.post(
                    "/summarize",
                    "{\"patientId\": \"" + PATIENT_CANARY + "\", \"text\": " + TEXT_CANARY + "}",
                    "application/json",
                    Map.of()); // malformed JSON quoting the canary
            api.postJson("/reports/batch", Map.of("reports", List.of(report, Map.of("text", TEXT_CANARY))));
            pipeline.sqs()
                    .sendMessage(b -> b.queueUrl(pipeline.resources().queueUrl())
                            .messageBody("{\"patientId\":\"" + PATIENT_CANARY + "\",\"note\":\"" + TEXT_CANARY
                                    + "\"}")); // poison
            drain(pipeline);

            pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
            api.postJson("/summarize", report);
            drain(pipeline); // retries, then RETRIES_EXHAUSTED
            pipeline.bedrock().faults().errorKind(BedrockError.VALIDATION);
            api.postJson("/summarize", report);
            drain(pipeline); // permanent failure

            api.get("/patients/" + PATIENT_CANARY + "/reports");
            api.get("/health");
            pipeline.invokeScheduled(LocalPipeline.MODEL_WATCH);
            pipeline.bedrock().faults().clear().stopReason(ModelStopReason.MAX_TOKENS);
            api.postJson("/summarize", report);
            drain(pipeline); // cut off at maxTokens: FAILED, straight to the DLQ
            pipeline.bedrock().faults().clear().stopReason(ModelStopReason.CONTENT_FILTERED);
            api.postJson("/summarize", report);
            drain(pipeline);
            // A summary with an altered fact: NEEDS_REVIEW, whose findings are fragments of the summary
            // (patient text), then a reviewer's decision with a comment that names the patient.
            pipeline.bedrock().faults().clear().hallucinationRate(1.0);
            String needsReview =
                    api.postJson("/summarize", report).json().get("reportId").asText();
            drain(pipeline);
            api.get("/reports/" + PATIENT_CANARY + "/" + needsReview);
            api.postJson(
                    "/reports/" + PATIENT_CANARY + "/" + needsReview + "/review",
                    Map.of("decision", "approve", "comment", "Checked for " + TEXT_CANARY));
            api.postJson(
                    "/reports/" + PATIENT_CANARY + "/" + needsReview + "/review",
                    Map.of("decision", "reject", "comment", TEXT_CANARY)); // 409: not awaiting review
            auditTrail = pipeline.services().logs().messages(LocalPipeline.AUDIT_LOG_GROUP);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(output)
                .as("the capture saw the functions' logs and metrics")
                .contains("Report SUCCESS")
                .contains("RETRIES_EXHAUSTED")
                .contains("ReportsAccepted")
                .contains("MODEL_OUTPUT_TRUNCATED")
                .contains("ModelNotActive")
                .contains("Report NEEDS_REVIEW")
                .contains("ReportsNeedingReview");
        assertThat(output)
                .doesNotContain(TEXT_CANARY)
                .doesNotContain(META_CANARY)
                .doesNotContain(PATIENT_CANARY);
        // The audit trail names the patient (it exists to say who saw whose reports) and nothing else of theirs:
        // not the text, the metadata, the review comment or the summary.
        String audit = String.join("\n", auditTrail);
        assertThat(audit).contains(PATIENT_CANARY).doesNotContain(TEXT_CANARY).doesNotContain(META_CANARY);
    }

    /** The optional grounding check: scored, under the threshold, throttled until the retries ran out, denied. */
    @Test
    void canariesNeverReachLogsOrMetricsOnTheGroundingPath() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<>(PipelineTestSupport.FAST);
        env.put("POWERTOOLS_LOG_LEVEL", "DEBUG");
        try (LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Options.inMemory()
                .withParameters(Map.of("GroundingThreshold", "0.99"))
                .withEnvironment(env))) {
            ApiClient api = new ApiClient(pipeline);
            String text = "Patient " + TEXT_CANARY + " reports chest pain. ASSESSMENT: angina " + TEXT_CANARY + ".";
            Map<String, Object> report =
                    Map.of("patientId", PATIENT_CANARY, "text", text, "metadata", Map.of("physician", META_CANARY));

            api.postJson("/summarize", report);
            drain(pipeline); // grounded
            pipeline.bedrock().faults().paraphrase(true);
            api.postJson("/summarize", report);
            drain(pipeline); // reworded: likely under 0.99, a grounding finding holding the whole summary
            pipeline.bedrock().faults().clear();
            pipeline.bedrock().guardrails().failWith(BedrockError.THROTTLING);
            api.postJson("/summarize", report);
            drain(pipeline); // held, retried, then RETRIES_EXHAUSTED
            pipeline.bedrock().guardrails().failWith(BedrockError.ACCESS_DENIED);
            api.postJson("/summarize", report);
            drain(pipeline); // GROUNDING_ACCESS_DENIED
            pipeline.bedrock().guardrails().failWith(null);
            api.get("/patients/" + PATIENT_CANARY + "/reports");
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(output)
                .as("the capture saw the grounding path's logs and metrics")
                .contains("GroundingChecked")
                .contains("GROUNDING_UNAVAILABLE")
                .contains("GROUNDING_ACCESS_DENIED")
                .contains("held from an earlier attempt");
        assertThat(output)
                .doesNotContain(TEXT_CANARY)
                .doesNotContain(META_CANARY)
                .doesNotContain(PATIENT_CANARY);
    }
}
