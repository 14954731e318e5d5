package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.ReportIds;
import io.medsum.local.LocalPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read side over DynamoDB: one report, a patient's reports newest first with cursors, health. */
class StatusPipelineTest extends PipelineTest {

    @Test
    void aPendingReportSaysWhenToPollAgain() {
        String patient = newPatient();
        String reportId = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();

        var view = api.get("/reports/" + patient + "/" + reportId);

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(view.header("Retry-After")).isEqualTo("3");
        assertThat(view.json().has("summary")).isFalse();
        assertThat(view.json().get("metadata").get("physician").asText()).isEqualTo("Dr. Grey");
        assertThat(view.body()).doesNotContain("pneumonia"); // the original text is never served back
    }

    @Test
    void unknownReportsAre404AndMalformedIds400() {
        String patient = newPatient();
        assertThat(api.get("/reports/" + patient + "/" + ReportIds.next()).status())
                .isEqualTo(404);
        assertThat(api.get("/reports/" + patient + "/not-a-report").status()).isEqualTo(400);
        assertThat(api.get("/reports/bad%2Fid/" + ReportIds.next()).status()).isEqualTo(400);
    }

    @Test
    void aPatientsReportsAreListedNewestFirstAcrossPages() {
        String patient = newPatient();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(api.postJson("/summarize", report(patient, "Report " + i))
                    .json()
                    .get("reportId")
                    .asText());
        }
        api.postJson("/summarize", report(newPatient(), "Someone else's report"));

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page =
                    api.get("/patients/" + patient + "/reports?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            JsonNode body = page.json();
            body.get("items").forEach(item -> listed.add(item.get("reportId").asText()));
            cursor = body.get("nextCursor").isNull()
                    ? null
                    : body.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        List<String> newestFirst = new ArrayList<>(submitted);
        Collections.reverse(newestFirst);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isBetween(3, 4); // DynamoDB may answer an empty last page
    }

    @Test
    void theListDefaultsToTenAndRejectsBadLimitsAndCursors() {
        String patient = newPatient();
        for (int i = 0; i < 11; i++) {
            api.postJson("/summarize", report(patient, "Report " + i));
        }
        var first = api.get("/patients/" + patient + "/reports");
        assertThat(first.json().get("items").size()).isEqualTo(10);
        assertThat(first.json().get("nextCursor").isNull()).isFalse();

        assertThat(api.get("/patients/" + patient + "/reports?limit=0").status())
                .isEqualTo(400);
        assertThat(api.get("/patients/" + patient + "/reports?limit=101").status())
                .isEqualTo(400);
        assertThat(api.get("/patients/" + patient + "/reports?limit=ten").status())
                .isEqualTo(400);
        assertThat(api.get("/patients/" + patient + "/reports?cursor=forged").status())
                .isEqualTo(400);
        assertThat(api.get("/patients/" + newPatient() + "/reports")
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void rootAndHealthAnswerOkWithVersionAndDependencyChecks() {
        var root = api.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().get("status").asText()).isEqualTo("ok");

        var health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("checks").get("table").asText()).isEqualTo("ok");
        assertThat(health.json().get("checks").get("queue").asText()).isEqualTo("ok");
    }

    @Test
    void healthIsDegradedWhileTheTableIsUnreachableAndTheLogSaysWhy() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (LocalPipeline doomed = PipelineTestSupport.start(Map.of())) {
            doomed.dynalite().stop();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            var health = new ApiClient(doomed).get("/health");

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("degraded");
            assertThat(health.json().get("checks").get("table").asText()).isEqualTo("unreachable");
            assertThat(health.json().get("checks").get("queue").asText()).isEqualTo("ok");
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        // The safe cause (exception type, AWS error code), so an operator sees why without a stack of guesses.
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("the table is unreachable")
                .contains("Exception");
    }
}
