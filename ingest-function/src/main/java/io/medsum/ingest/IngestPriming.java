package io.medsum.ingest;

import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.StatusLinks;
import io.medsum.common.json.Json;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import io.medsum.common.validation.SubmissionValidator;
import java.util.List;
import java.util.Map;

/**
 * What the ingest function warms before its SnapStart snapshot (see {@link Priming} for the rules): the request path up
 * to the point where a report would be stored, and the DynamoDB and SQS clients in a dry run.
 */
final class IngestPriming {
    /** Valid in every field but the patient id, so the request is refused before anything is stored. */
    private static final String REFUSED_SUMMARIZE = Json.write(Map.of(
            "patientId",
            "not a patient id!",
            "text",
            SampleRequests.REPORT_TEXT,
            "sourceSystem",
            "MedicalRecord",
            "metadata",
            Map.of("urgency", "LOW")));

    private static final String VALID_SUBMISSION = Json.write(Map.of(
            "patientId",
            "PRIMING",
            "text",
            SampleRequests.REPORT_TEXT,
            "sourceSystem",
            "MedicalRecord",
            "metadata",
            Map.of("urgency", "LOW")));

    private final IngestWiring wiring;

    IngestPriming(IngestWiring wiring) {
        this.wiring = wiring;
    }

    Priming run() {
        // No metrics: a priming request must not count as a rejected report.
        IngestApi api = wiring.api(PipelineMetrics.NONE);
        return new Priming("ingest")
                .step(
                        "POST /summarize refused by validation",
                        () -> expect400(api.handle(SampleRequests.apiRequest(
                                        "POST", IngestApi.SUMMARIZE, IngestApi.SUMMARIZE, null, REFUSED_SUMMARIZE))
                                .getStatusCode()))
                .step(
                        "POST /reports/batch refused by validation",
                        () -> expect400(api.handle(SampleRequests.apiRequest(
                                        "POST", IngestApi.BATCH, IngestApi.BATCH, null, "{\"reports\":[]}"))
                                .getStatusCode()))
                .step("validate, fingerprint and answer an accepted report", () -> {
                    ReportSubmission submission = new SubmissionValidator()
                            .validate(SampleRequests.json(VALID_SUBMISSION))
                            .submission();
                    IdempotencyKeys.keyHash("priming-caller", "priming-key");
                    IdempotencyKeys.fingerprint(submission);
                    String statusUrl =
                            StatusLinks.statusUrl("https://priming.invalid/v1", SampleRequests.ABSENT_REPORT);
                    ApiResponses.json(
                            202,
                            Map.of(
                                    "patientId",
                                    "PRIMING",
                                    "reportId",
                                    SampleRequests.ABSENT_REPORT.reportId(),
                                    "status",
                                    "PENDING",
                                    "statusUrl",
                                    statusUrl),
                            Map.of("Location", statusUrl));
                })
                .step(
                        "DynamoDB GetItem (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.reports.find(SampleRequests.ABSENT_REPORT)))
                .step(
                        "SQS SendMessage (dry run)",
                        () -> wiring.clients.dryRun(() -> wiring.queue.enqueue(SampleRequests.ABSENT_REPORT)))
                .step(
                        "SQS SendMessageBatch (dry run)",
                        () -> wiring.clients.dryRun(
                                () -> wiring.queue.enqueueAll(List.of(SampleRequests.ABSENT_REPORT))))
                .done();
    }

    private static void expect400(int status) {
        if (status != 400) {
            throw new IllegalStateException("expected 400, got " + status);
        }
    }
}
