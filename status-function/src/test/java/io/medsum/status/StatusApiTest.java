package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.json.Json;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import io.medsum.status.ModelLifecycle.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read side: one report, a patient's reports newest first with cursors, and health with the model's lifecycle. */
class StatusApiTest {
    private static final String MODEL = "us.amazon.nova-2-lite-v1:0";
    private static final String TEXT = "HISTORY: Cough and fever. ASSESSMENT: Pneumonia. PLAN: Amoxicillin.";

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private ModelLifecycle lifecycle = new ModelLifecycle(MODEL, Status.ACTIVE, Optional.empty());
    private int lifecycleReads;
    private final ModelLifecycleReader reader = modelId -> {
        lifecycleReads++;
        return lifecycle;
    };
    private final StatusApi api = new StatusApi(reports, queue, new ModelHealth(MODEL, reader, clock), "1.4.2");

    private long now() {
        return clock.epochSecond();
    }

    private ReportKey pending(String patientId) {
        ReportKey key = new ReportKey(patientId, ReportIds.next());
        reports.create(Report.pending(
                key,
                new ReportSubmission(patientId, TEXT, "MedicalRecord", Map.of("physician", "Dr. Grey")),
                now(),
                3600));
        return key;
    }

    private ReportKey succeeded(String patientId) {
        ReportKey key = pending(patientId);
        reports.claim(key, "t", now(), now() + 60);
        reports.succeed(key, "t", new SummaryResult("Pneumonia; amoxicillin.", "model", MODEL, 120, 9), now() + 2);
        return key;
    }

    private APIGatewayProxyResponseEvent getReport(String patientId, String reportId) {
        return api.handle(ApiEvent.get("/reports/{patientId}/{reportId}")
                .pathParameter("patientId", patientId)
                .pathParameter("reportId", reportId)
                .build());
    }

    private APIGatewayProxyResponseEvent list(String patientId, Map<String, String> query) {
        ApiEvent event = ApiEvent.get("/patients/{patientId}/reports").pathParameter("patientId", patientId);
        query.forEach(event::query);
        return api.handle(event.build());
    }

    private APIGatewayProxyResponseEvent health() {
        return api.handle(ApiEvent.get("/health").build());
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return Json.parse(response.getBody());
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private static JsonNode problem(APIGatewayProxyResponseEvent response, int status, String type) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:problem:medsum:" + type);
        return problem;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    @Nested
    class Routes {

        @Test
        void anUnknownRouteIs404() {
            problem(api.handle(ApiEvent.get("/reports").build()), 404, "not-found");
        }

        @Test
        void anythingButGetIs405() {
            problem(
                    api.handle(ApiEvent.request("DELETE", "/reports/{patientId}/{reportId}")
                            .pathParameter("patientId", "P")
                            .pathParameter("reportId", ReportIds.next())
                            .build()),
                    405,
                    "method-not-allowed");
        }

        @Test
        void theRootAnswersOkWithTheVersionAndChecksNothing() {
            var response = api.handle(ApiEvent.get("/").build());

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isEqualTo("ok");
            assertThat(json(response).get("version").asText()).isEqualTo("1.4.2");
            assertThat(lifecycleReads).isZero();
        }
    }

    @Nested
    class OneReport {

        @Test
        void aPendingReportSaysWhenToPollAgainAndNeverServesItsText() {
            ReportKey key = pending("PATIENT-001");

            var response = getReport("PATIENT-001", key.reportId());

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeaders())
                    .containsEntry("Retry-After", "3")
                    .containsEntry("Cache-Control", "no-store");
            JsonNode view = json(response);
            assertThat(view.get("status").asText()).isEqualTo("PENDING");
            assertThat(view.get("reportId").asText()).isEqualTo(key.reportId());
            assertThat(view.get("attempts").asInt()).isZero();
            assertThat(view.get("sourceSystem").asText()).isEqualTo("MedicalRecord");
            assertThat(view.get("metadata").get("physician").asText()).isEqualTo("Dr. Grey");
            assertThat(view.has("summary")).isFalse();
            assertThat(view.has("error")).isFalse();
            assertThat(response.getBody()).doesNotContain("Amoxicillin");
        }

        @Test
        void aReportBeingProcessedAlsoSaysWhenToPollAgain() {
            ReportKey key = pending("PATIENT-001");
            reports.claim(key, "t", now(), now() + 60);

            var response = getReport("PATIENT-001", key.reportId());

            assertThat(json(response).get("status").asText()).isEqualTo("PROCESSING");
            assertThat(response.getHeaders()).containsEntry("Retry-After", "3");
        }

        @Test
        void aSucceededReportShowsItsSummarySourceModelAndTokensAndNoRetryAfter() {
            ReportKey key = succeeded("PATIENT-001");

            var response = getReport("PATIENT-001", key.reportId());

            JsonNode view = json(response);
            assertThat(view.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(view.get("summary").asText()).isEqualTo("Pneumonia; amoxicillin.");
            assertThat(view.get("summarySource").asText()).isEqualTo("model");
            assertThat(view.get("modelId").asText()).isEqualTo(MODEL);
            assertThat(view.get("tokens").get("input").asInt()).isEqualTo(120);
            assertThat(view.get("tokens").get("output").asInt()).isEqualTo(9);
            assertThat(view.get("updatedAt").asLong()).isEqualTo(now() + 2);
            assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
        }

        @Test
        void aFailedReportShowsItsCodeAndSafeMessage() {
            ReportKey key = pending("PATIENT-001");
            reports.claim(key, "t", now(), now() + 60);
            reports.fail(key, "t", FailureCode.MODEL_CONTENT_FILTERED, now());

            var response = getReport("PATIENT-001", key.reportId());

            JsonNode error = json(response).get("error");
            assertThat(error.get("code").asText()).isEqualTo("MODEL_CONTENT_FILTERED");
            assertThat(error.get("message").asText()).isEqualTo(FailureCode.MODEL_CONTENT_FILTERED.safeMessage());
            assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
        }

        @Test
        void aReportWaitingForItsRetryShowsWhyTheLastAttemptFailed() {
            ReportKey key = pending("PATIENT-001");
            reports.claim(key, "t", now(), now() + 60);
            reports.release(key, "t", FailureCode.MODEL_THROTTLED, now());

            JsonNode view = json(getReport("PATIENT-001", key.reportId()));

            assertThat(view.get("status").asText()).isEqualTo("PENDING");
            assertThat(view.get("error").get("code").asText()).isEqualTo("MODEL_THROTTLED");
            assertThat(view.get("attempts").asInt()).isEqualTo(1);
        }

        @Test
        void anUnknownReportIs404() {
            problem(getReport("PATIENT-001", ReportIds.next()), 404, "not-found");
        }

        @Test
        void anotherPatientsReportIs404() {
            ReportKey key = pending("PATIENT-001");
            problem(getReport("PATIENT-002", key.reportId()), 404, "not-found");
        }

        @Test
        void malformedIdsAre400NamingEachField() {
            JsonNode problem = problem(getReport("not a patient", "REPORT-123"), 400, "validation");
            assertThat(fields(problem)).containsExactly("patientId", "reportId");
            assertThat(problem.toString()).doesNotContain("not a patient");
        }
    }

    @Nested
    class APatientsReports {

        private List<String> listAll(String patientId, int limit) {
            List<String> ids = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < 20; page++) {
                JsonNode body = json(list(
                        patientId,
                        cursor == null
                                ? Map.of("limit", Integer.toString(limit))
                                : Map.of("limit", Integer.toString(limit), "cursor", cursor)));
                body.get("items").forEach(item -> ids.add(item.get("reportId").asText()));
                if (body.get("nextCursor").isNull()) {
                    return ids;
                }
                cursor = body.get("nextCursor").asText();
            }
            throw new AssertionError("more than 20 pages");
        }

        @Test
        void areListedNewestFirstAcrossPagesWithoutRepeats() {
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                submitted.add(pending("PATIENT-001").reportId());
            }
            pending("PATIENT-002");

            List<String> newestFirst = new ArrayList<>(submitted);
            Collections.reverse(newestFirst);
            assertThat(listAll("PATIENT-001", 3)).containsExactlyElementsOf(newestFirst);
        }

        @Test
        void aPageHoldsTenByDefaultAndPointsToTheNext() {
            for (int i = 0; i < 11; i++) {
                pending("PATIENT-001");
            }

            JsonNode first = json(list("PATIENT-001", Map.of()));

            assertThat(first.get("items")).hasSize(10);
            assertThat(first.get("nextCursor").isNull()).isFalse();
            JsonNode second = json(
                    list("PATIENT-001", Map.of("cursor", first.get("nextCursor").asText())));
            assertThat(second.get("items")).hasSize(1);
            assertThat(second.get("nextCursor").isNull())
                    .as("explicitly null on the last page")
                    .isTrue();
        }

        @Test
        void itemsAreTheSameViewsAsOneReport() {
            ReportKey key = succeeded("PATIENT-001");

            JsonNode item = json(list("PATIENT-001", Map.of())).get("items").get(0);

            assertThat(item).isEqualTo(json(getReport("PATIENT-001", key.reportId())));
        }

        @Test
        void aPatientWithoutReportsGetsAnEmptyList() {
            JsonNode body = json(list("PATIENT-404", Map.of()));
            assertThat(body.get("items")).isEmpty();
            assertThat(body.get("nextCursor").isNull()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "100"})
        void aLimitFromOneToAHundredIsAccepted(String limit) {
            pending("PATIENT-001");
            assertThat(list("PATIENT-001", Map.of("limit", limit)).getStatusCode())
                    .isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "101", "ten", "+5", "-1", "", "٣", "１０", "99999999999"})
        void anyOtherLimitIs400(String limit) {
            JsonNode problem = problem(list("PATIENT-001", Map.of("limit", limit)), 400, "validation");
            assertThat(fields(problem)).containsExactly("limit");
        }

        @Test
        void aForgedCursorIs400() {
            assertThat(fields(problem(list("PATIENT-001", Map.of("cursor", "forged")), 400, "validation")))
                    .containsExactly("cursor");
        }

        @Test
        void anotherPatientsCursorIs400() {
            String othersCursor = CursorCodec.encode("PATIENT-002", ReportIds.next());
            problem(list("PATIENT-001", Map.of("cursor", othersCursor)), 400, "validation");
        }

        @Test
        void everyProblemOfTheRequestIsNamedAtOnce() {
            JsonNode problem =
                    problem(list("bad patient", Map.of("limit", "0", "cursor", "forged")), 400, "validation");
            assertThat(fields(problem)).containsExactly("patientId", "limit", "cursor");
        }
    }

    @Nested
    class Health {

        @Test
        void isOkWhenTableQueueAndModelAre() {
            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("status").asText()).isEqualTo("ok");
            assertThat(body.get("version").asText()).isEqualTo("1.4.2");
            assertThat(body.get("checks").get("table").asText()).isEqualTo("ok");
            assertThat(body.get("checks").get("queue").asText()).isEqualTo("ok");
            JsonNode model = body.get("checks").get("model");
            assertThat(model.get("id").asText()).isEqualTo(MODEL);
            assertThat(model.get("lifecycle").asText()).isEqualTo("ACTIVE");
            assertThat(model.has("detail")).isFalse();
        }

        @Test
        void isDegradedWhileTheTableIsUnreachable() {
            reports.outage().ofEverything();

            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response).get("status").asText()).isEqualTo("degraded");
            assertThat(json(response).get("checks").get("table").asText()).isEqualTo("unreachable");
            assertThat(json(response).get("checks").get("queue").asText()).isEqualTo("ok");
        }

        @Test
        void isDegradedWhileTheQueueIsUnreachable() {
            queue.outage().ofEverything();

            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response).get("checks").get("queue").asText()).isEqualTo("unreachable");
        }

        @Test
        void isDegradedWhenBedrockNoLongerKnowsTheModel() {
            lifecycle = ModelLifecycle.notFound(MODEL);

            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(503);
            JsonNode model = json(response).get("checks").get("model");
            assertThat(model.get("lifecycle").asText()).isEqualTo("NOT_FOUND");
            assertThat(model.get("detail").asText()).contains("does not know this model id");
        }

        @Test
        void staysOkForALegacyModelButNamesItsEndOfLife() {
            lifecycle = new ModelLifecycle(MODEL, Status.LEGACY, Optional.of(Instant.parse("2027-03-01T00:00:00Z")));

            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode model = json(response).get("checks").get("model");
            assertThat(model.get("lifecycle").asText()).isEqualTo("LEGACY");
            assertThat(model.get("endOfLife").asText()).isEqualTo("2027-03-01T00:00:00Z");
            assertThat(model.get("detail").asText()).contains("Switching models");
        }

        @Test
        void staysOkWhenTheModelsLifecycleCannotBeRead() {
            lifecycle = ModelLifecycle.unverified(MODEL);

            var response = health();

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(json(response)
                            .get("checks")
                            .get("model")
                            .get("lifecycle")
                            .asText())
                    .isEqualTo("UNVERIFIED");
        }

        @Test
        void probesReuseTheModelReadingInsteadOfCallingBedrockEachTime() {
            health();
            health();
            assertThat(lifecycleReads).isEqualTo(1);

            clock.advance(ModelHealth.READ_TTL);
            health();
            assertThat(lifecycleReads).isEqualTo(2);
        }
    }
}
