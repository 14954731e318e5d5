package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntries;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.http.Tenants;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two hospitals on one stack, each with its own API key: neither sees, lists, pages into or decides the other's reports
 * through any endpoint, even for the same patient id, and every access leaves exactly one audit entry that names who
 * and which report, and nothing of the report.
 */
class TenancyPipelineTest extends PipelineTest {
    private static final String HOSPITAL_B = "hospital-b-client-key";

    private List<AuditEntry> auditSince(int before) {
        List<String> lines = pipeline.services().logs().messages(LocalPipeline.AUDIT_LOG_GROUP);
        List<AuditEntry> entries = new ArrayList<>();
        for (String line : lines.subList(before, lines.size())) {
            try {
                entries.add(AuditEntries.fromJson(line));
            } catch (Json.InvalidJsonException e) {
                throw new AssertionError("not an audit entry", e);
            }
        }
        return entries;
    }

    private int auditSize() {
        return pipeline.services()
                .logs()
                .messages(LocalPipeline.AUDIT_LOG_GROUP)
                .size();
    }

    @Test
    void anotherTenantSeesNothingOfAReportThroughAnyEndpoint() {
        ApiClient b = api.as(HOSPITAL_B);
        String patient = newPatient();
        String single = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();
        JsonNode batch = api.postJson(
                        "/reports/batch",
                        Map.of("reports", List.of(report(patient, sampleText()), report(patient, sampleText()))))
                .json();
        drain(pipeline);

        assertThat(b.get("/reports/" + patient + "/" + single).status()).isEqualTo(404);
        for (JsonNode item : batch.get("results")) {
            assertThat(b.get("/reports/" + patient + "/" + item.get("reportId").asText())
                            .status())
                    .isEqualTo(404);
        }
        assertThat(b.get("/patients/" + patient + "/reports").json().get("items"))
                .isEmpty();
        String cursor = api.get("/patients/" + patient + "/reports?limit=1")
                .json()
                .get("nextCursor")
                .asText();
        assertThat(b.get("/patients/" + patient + "/reports?cursor=" + cursor).status())
                .isEqualTo(400);
        assertThat(b.postJson("/reports/" + patient + "/" + single + "/review", Map.of("decision", "approve"))
                        .status())
                .isEqualTo(404);

        assertThat(api.get("/reports/" + patient + "/" + single).status()).isEqualTo(200);
        assertThat(api.get("/patients/" + patient + "/reports").json().get("items"))
                .hasSize(3);
    }

    @Test
    void theSamePatientIdAtTwoHospitalsIsTwoSeparateRecords() {
        String patient = newPatient();
        api.postJson("/summarize", report(patient, sampleText()));
        api.as(HOSPITAL_B).postJson("/summarize", report(patient, sampleText()));

        assertThat(api.get("/patients/" + patient + "/reports").json().get("items"))
                .hasSize(1);
        assertThat(api.as(HOSPITAL_B)
                        .get("/patients/" + patient + "/reports")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void anIdempotencyKeyIsTheTenantsOwn() {
        String patient = newPatient();
        Map<String, String> key = Map.of("Idempotency-Key", "order-4711");
        String ours = api.postJson("/summarize", report(patient, sampleText()), key)
                .json()
                .get("reportId")
                .asText();
        String theirs = api.as(HOSPITAL_B)
                .postJson("/summarize", report(patient, sampleText()), key)
                .json()
                .get("reportId")
                .asText();

        assertThat(theirs).isNotEqualTo(ours);
    }

    @Test
    void everyAccessIsOneAuditEntryWithWhoAndWhichAndNoneOfTheText() {
        String canary = "CANARY-TEXT-7f3a";
        String patient = newPatient();
        int before = auditSize();

        String reportId = api.postJson(
                        "/summarize",
                        Map.of(
                                "patientId",
                                patient,
                                "text",
                                sampleText() + " " + canary,
                                "sourceSystem",
                                "EHR",
                                "metadata",
                                Map.of("note", canary)))
                .json()
                .get("reportId")
                .asText();
        drain(pipeline);
        api.get("/reports/" + patient + "/" + reportId);
        api.get("/patients/" + patient + "/reports");
        api.as(HOSPITAL_B).get("/reports/" + patient + "/" + reportId);
        api.get("/health");

        List<AuditEntry> entries = auditSince(before);
        assertThat(entries)
                .extracting(AuditEntry::action)
                .containsExactly(
                        AuditAction.REPORT_SUBMIT,
                        AuditAction.REPORT_READ,
                        AuditAction.REPORT_LIST,
                        AuditAction.REPORT_READ);
        assertThat(entries)
                .allSatisfy(entry -> assertThat(entry.subjects())
                        .extracting(AuditEntry.Subject::patientId)
                        .containsOnly(patient));
        assertThat(entries.subList(0, 3))
                .extracting(AuditEntry::tenant)
                .containsOnly(Tenants.ofApiKey(ApiClient.API_KEY));
        assertThat(entries.get(3).tenant()).isEqualTo(Tenants.ofApiKey(HOSPITAL_B));
        assertThat(entries.get(3).outcome()).isEqualTo("not-found");
        assertThat(pipeline.services().logs().messages(LocalPipeline.AUDIT_LOG_GROUP))
                .noneMatch(line -> line.contains(canary))
                .noneMatch(line -> line.contains(ApiClient.API_KEY));
    }
}
