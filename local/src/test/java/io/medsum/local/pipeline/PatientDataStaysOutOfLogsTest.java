package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelStopReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
                .contains("ModelNotActive");
        assertThat(output)
                .doesNotContain(TEXT_CANARY)
                .doesNotContain(META_CANARY)
                .doesNotContain(PATIENT_CANARY);
    }
}
