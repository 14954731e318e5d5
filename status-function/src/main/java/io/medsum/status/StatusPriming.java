package io.medsum.status;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import java.util.Map;

/**
 * What the status function warms before its SnapStart snapshot (see {@link Priming} for the rules): every route's
 * answer, and its DynamoDB and SQS reads in a dry run.
 */
final class StatusPriming {
    private static final String KEY_PATH =
            "/reports/" + SampleRequests.ABSENT_REPORT.patientId() + "/" + SampleRequests.ABSENT_REPORT.reportId();

    private final StatusApi api;
    private final ModelHealth model;
    private final AwsClientFactory clients;

    StatusPriming(StatusApi api, ModelHealth model, AwsClientFactory clients) {
        this.api = api;
        this.model = model;
        this.clients = clients;
    }

    Priming run() {
        return new Priming("status")
                .step("GET /", () -> expect(200, get("/", "/", Map.of())))
                .step(
                        "GET a report with invalid ids",
                        () -> expect(
                                400,
                                get(
                                        "/reports/{patientId}/{reportId}",
                                        "/reports/not%20valid/nor-this",
                                        Map.of("patientId", "not valid", "reportId", "nor-this"))))
                .step("render a finished report", () -> ApiResponses.json(200, ReportViews.of(sampleReport())))
                .step(
                        "GET a report: DynamoDB GetItem (dry run)",
                        () -> clients.dryRun(() -> get(
                                "/reports/{patientId}/{reportId}",
                                KEY_PATH,
                                Map.of("patientId", "PRIMING", "reportId", SampleRequests.ABSENT_REPORT.reportId()))))
                .step(
                        "GET a patient's reports: DynamoDB Query (dry run)",
                        () -> clients.dryRun(() -> get(
                                "/patients/{patientId}/reports",
                                "/patients/PRIMING/reports",
                                Map.of("patientId", "PRIMING"))))
                .step(
                        "GET /health: DescribeTable, GetQueueAttributes, "
                                + "GetInferenceProfile or GetFoundationModel (dry run)",
                        () -> {
                            clients.dryRun(() -> get("/health", "/health", Map.of()));
                            model.forget();
                        })
                .done();
    }

    private int get(String resource, String path, Map<String, String> pathParameters) {
        return api.handle(SampleRequests.apiRequest("GET", resource, path, pathParameters, null))
                .getStatusCode();
    }

    private static void expect(int expected, int status) {
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + status);
        }
    }

    private static Report sampleReport() {
        var submission =
                new ReportSubmission("PRIMING", SampleRequests.REPORT_TEXT, "MedicalRecord", Map.of("urgency", "LOW"));
        Report pending = Report.pending(
                SampleRequests.ABSENT_REPORT, SampleRequests.TENANT, submission, 1_700_000_000L, 86_400L);
        return new Report(
                pending.patientId(),
                pending.reportId(),
                pending.tenant(),
                io.medsum.common.domain.ReportStatus.SUCCESS,
                pending.originalText(),
                "Viral upper respiratory infection; fluids and paracetamol.",
                "model",
                pending.sourceSystem(),
                pending.metadata(),
                pending.createdAt(),
                pending.createdAt() + 5,
                pending.expiresAt(),
                1,
                ModelIds.DEFAULT,
                120,
                20,
                null,
                null,
                null,
                null,
                null);
    }
}
