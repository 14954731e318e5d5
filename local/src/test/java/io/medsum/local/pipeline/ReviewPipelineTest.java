package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The faithfulness gate and the review step over the wire: a model that alters a fact leaves the report NEEDS_REVIEW
 * with the unverified fragment, and a reviewer's decision finishes it.
 */
class ReviewPipelineTest extends PipelineTest {

    private String summarizedWithOneFactAltered(String patient) {
        pipeline.bedrock().faults().hallucinationRate(1.0);
        var accepted = api.postJson("/summarize", report(patient, sampleText()));
        drain(pipeline);
        return accepted.json().get("reportId").asText();
    }

    @Test
    void aFaithfulSummaryIsSuccessEvenWhenTheModelParaphrases() {
        pipeline.bedrock().faults().paraphrase(true);
        String patient = newPatient();
        String reportId = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();

        drain(pipeline);

        JsonNode view = api.get("/reports/" + patient + "/" + reportId).json();
        assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("SUCCESS");
        assertThat(view.has("review")).isFalse();
    }

    @Test
    void aSummaryWithAnAlteredFactNeedsReviewAndNamesTheFragment() {
        String patient = newPatient();
        String reportId = summarizedWithOneFactAltered(patient);

        var response = api.get("/reports/" + patient + "/" + reportId);

        JsonNode view = response.json();
        assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("NEEDS_REVIEW");
        assertThat(response.header("Retry-After")).isNull();
        JsonNode findings = view.get("review").get("findings");
        assertThat(findings).isNotEmpty();
        findings.forEach(finding -> assertThat(view.get("summary").asText())
                .contains(finding.get("text").asText()));
    }

    @Test
    void aReviewersApprovalMakesItSuccessAndARepeatAnswersTheSame() {
        String patient = newPatient();
        String reportId = summarizedWithOneFactAltered(patient);
        String review = "/reports/" + patient + "/" + reportId + "/review";

        var approved = api.postJson(review, Map.of("decision", "approve", "comment", "Checked against the chart."));
        var again = api.postJson(review, Map.of("decision", "approve"));
        var other = api.postJson(review, Map.of("decision", "reject"));

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("SUCCESS");
        assertThat(approved.json().get("review").get("decision").asText()).isEqualTo("approve");
        assertThat(approved.json().get("review").get("by").asText()).startsWith("apikey:");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(approved.json());
        assertThat(other.status()).isEqualTo(409);
        assertThat(api.get("/reports/" + patient + "/" + reportId)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("SUCCESS");
    }

    @Test
    void aRejectionMakesItFailedRejectedInReview() {
        String patient = newPatient();
        String reportId = summarizedWithOneFactAltered(patient);

        var rejected = api.postJson("/reports/" + patient + "/" + reportId + "/review", Map.of("decision", "reject"));

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(rejected.json().get("error").get("code").asText()).isEqualTo("REJECTED_IN_REVIEW");
    }
}
