package io.medsum.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.domain.Review;
import io.medsum.common.http.Tenants;
import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.ports.ReportStore.SummaryResult;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingAuditTrail;
import io.medsum.common.testing.RecordingPublisher;
import io.medsum.status.ModelLifecycle.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read side: one report, a patient's reports newest first with cursors, and health with the model's lifecycle. */
class StatusApiTest {
    private static final String MODEL = "us.amazon.nova-2-lite-v1:0";
    private static final String OTHER_KEY = "another-hospitals-key";
    private static final String READER_KEY = "clinical-safety-team-key";
    private static final String READER = Tenants.ofApiKey(READER_KEY);
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
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final StatusApi api = new StatusApi(
            reports,
            queue,
            new ModelHealth(MODEL, reader, clock),
            new TenantAccess(Set.of(READER)),
            new CursorCodec(() -> "cursor-key-for-tests".getBytes(StandardCharsets.UTF_8), clock),
            audit,
            clock,
            "1.4.2",
            new NotificationOutbox(reports, publisher, "https://api.test/v1"));

    private long now() {
        return clock.epochSecond();
    }

    private ReportKey pending(String patientId) {
        ReportKey key = new ReportKey(patientId, ReportIds.next());
        reports.create(Report.pending(
                key,
                ApiEvent.TENANT,
                new ReportSubmission(patientId, TEXT, "MedicalRecord", Map.of("physician", "Dr. Grey")),
                now(),
                3600));
        return key;
    }

    private ReportKey succeeded(String patientId) {
        ReportKey key = pending(patientId);
        reports.claim(key, "t", now(), now() + 60);
        reports.succeed(
                key,
                "t",
                new SummaryResult("Pneumonia; amoxicillin.", "model", MODEL, 120, 9),
                now() + 2,
                NotificationIds.next());
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
            reports.fail(key, "t", FailureCode.MODEL_CONTENT_FILTERED, now(), NotificationIds.next());

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
        void areListedNewestFirstAcrossPagesWithoutRepeats() throws InterruptedException {
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                submitted.add(pending("PATIENT-001").reportId());
                Thread.sleep(2); // ids order by millisecond; within one they are random
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
        @ValueSource(strings = {"0", "101", "ten", "+5", "-1", "", "٣", "１０", "99999999999", "05", "00"})
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
            succeeded("PATIENT-002");
            succeeded("PATIENT-002");
            String othersCursor = json(list("PATIENT-002", Map.of("limit", "1")))
                    .get("nextCursor")
                    .asText();
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

    @Nested
    class TheReviewStep {
        private static final List<Review.Finding> FINDINGS = List.of(new Review.Finding("number", "325 mg"));

        private ReportKey awaitingReview(String patientId) {
            ReportKey key = pending(patientId);
            reports.claim(key, "t", now(), now() + 60);
            reports.needsReview(
                    key,
                    "t",
                    new SummaryResult("Pneumonia; amoxicillin 325 mg.", "model", MODEL, 120, 9),
                    FINDINGS,
                    now() + 2,
                    NotificationIds.next());
            return key;
        }

        private APIGatewayProxyResponseEvent review(ReportKey key, String body, String apiKey) {
            return api.handle(ApiEvent.post("/reports/{patientId}/{reportId}/review")
                    .pathParameter("patientId", key.patientId())
                    .pathParameter("reportId", key.reportId())
                    .json(body)
                    .apiKey(apiKey)
                    .build());
        }

        @Test
        void aReportAwaitingReviewShowsItsSummaryAndFindingsAndNoRetryAfter() {
            ReportKey key = awaitingReview("P-REVIEW-1");

            var response = getReport(key.patientId(), key.reportId());

            JsonNode view = json(response);
            assertThat(view.get("status").asText()).isEqualTo("NEEDS_REVIEW");
            assertThat(view.get("summary").asText()).contains("325 mg");
            assertThat(view.get("review").get("findings").get(0).get("kind").asText())
                    .isEqualTo("number");
            assertThat(view.get("review").get("findings").get(0).get("text").asText())
                    .isEqualTo("325 mg");
            assertThat(view.get("review").has("decision")).isFalse();
            assertThat(response.getHeaders()).doesNotContainKey("Retry-After");
        }

        @Test
        void approvingMakesItSuccessAndRecordsWhoAndWhenNeverTheApiKeyItself() {
            ReportKey key = awaitingReview("P-REVIEW-2");
            clock.advance(Duration.ofMinutes(5));

            var response = review(key, "{\"decision\":\"approve\",\"comment\":\"Dose checked.\"}", ApiEvent.API_KEY);

            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode view = json(response);
            assertThat(view.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(view.get("review").get("decision").asText()).isEqualTo("approve");
            assertThat(view.get("review").get("at").asLong()).isEqualTo(now());
            assertThat(view.get("review").get("comment").asText()).isEqualTo("Dose checked.");
            assertThat(view.get("review").get("by").asText())
                    .isEqualTo(ApiEvent.TENANT)
                    .doesNotContain(ApiEvent.API_KEY);
        }

        @Test
        void rejectingMakesItFailedWithRejectedInReview() {
            ReportKey key = awaitingReview("P-REVIEW-3");

            JsonNode view = json(review(key, "{\"decision\":\"reject\"}", ApiEvent.API_KEY));

            assertThat(view.get("status").asText()).isEqualTo("FAILED");
            assertThat(view.get("error").get("code").asText()).isEqualTo(FailureCode.REJECTED_IN_REVIEW.name());
        }

        @Test
        void theSameDecisionAgainAnswersTheSameAndTheOtherIsAConflictThatWritesNothing() {
            ReportKey key = awaitingReview("P-REVIEW-4");
            var first = review(key, "{\"decision\":\"approve\"}", ApiEvent.API_KEY);
            clock.advance(Duration.ofMinutes(1));

            var again = review(key, "{\"decision\":\"approve\"}", ApiEvent.API_KEY);
            var other = review(key, "{\"decision\":\"reject\"}", ApiEvent.API_KEY);

            assertThat(again.getStatusCode()).isEqualTo(200);
            assertThat(json(again)).isEqualTo(json(first));
            assertThat(other.getStatusCode()).isEqualTo(409);
            assertThat(json(other).get("type").asText()).isEqualTo("urn:problem:medsum:not-awaiting-review");
            assertThat(reports.find(key).orElseThrow().status()).isEqualTo(ReportStatus.SUCCESS);
        }

        @Test
        void aDecisionIsAnnouncedAsReportReviewedWithTheRequestsOwnStatusUrlBase() {
            ReportKey key = awaitingReview("P-REVIEW-N1");
            int before = publisher.published().size();

            review(key, "{\"decision\":\"reject\"}", ApiEvent.API_KEY);

            assertThat(publisher.published()).hasSize(before + 1);
            Notification announced = publisher.published().get(before);
            assertThat(announced.type()).isEqualTo(NotificationType.REVIEWED);
            assertThat(announced.status()).isEqualTo(ReportStatus.FAILED);
            assertThat(announced.failureCode()).isEqualTo(FailureCode.REJECTED_IN_REVIEW);
            assertThat(announced.report()).isEqualTo(key);
            assertThat(reports.find(key).orElseThrow().notification())
                    .as("published, so cleared")
                    .isNull();
        }

        @Test
        void aDecisionWhoseAnnouncementFailedIsStillAnsweredAndRepeatingItAnnouncesIt() {
            ReportKey key = awaitingReview("P-REVIEW-N2");
            publisher.down(true);

            var decided = review(key, "{\"decision\":\"approve\"}", ApiEvent.API_KEY);
            assertThat(decided.getStatusCode()).as("the decision stands").isEqualTo(200);
            String pendingId = reports.find(key).orElseThrow().notification().id();

            publisher.down(false);
            review(key, "{\"decision\":\"approve\"}", ApiEvent.API_KEY);

            assertThat(publisher.published())
                    .filteredOn(n -> n.report().equals(key))
                    .extracting(Notification::id)
                    .containsExactly(pendingId);
        }

        @Test
        void aReportNotAwaitingReviewIsAConflict() {
            ReportKey key = succeeded("P-REVIEW-5");

            var response = review(key, "{\"decision\":\"approve\"}", ApiEvent.API_KEY);

            assertThat(response.getStatusCode()).isEqualTo(409);
            assertThat(reports.find(key).orElseThrow().review()).isNull();
        }

        @Test
        void anUnknownReportIsNotFound() {
            var response = review(
                    new ReportKey("P-REVIEW-6", ReportIds.next()), "{\"decision\":\"approve\"}", ApiEvent.API_KEY);
            assertThat(response.getStatusCode()).isEqualTo(404);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{}",
                    "{\"decision\":\"maybe\"}",
                    "{\"decision\":1}",
                    "{\"decision\":\"APPROVE\"}",
                    "{\"decision\":\"approve\",\"comment\":\"\"}",
                    "{\"decision\":\"approve\",\"comment\":7}",
                    "{\"decision\":\"approve\",\"by\":\"someone\"}",
                    "{\"decision\":\"approve\",\"comment\":\"a\\u0007b\"}",
                    "[]"
                })
        void anInvalidDecisionIsABadRequestThatWritesNothing(String body) {
            ReportKey key = awaitingReview("P-REVIEW-7-" + Math.abs(body.hashCode()));

            var response = review(key, body, ApiEvent.API_KEY);

            assertThat(response.getStatusCode()).isEqualTo(400);
            assertThat(reports.find(key).orElseThrow().status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        }

        @Test
        void aCommentOverTwoThousandCharactersIsRefused() {
            ReportKey key = awaitingReview("P-REVIEW-8");
            var response = review(
                    key, "{\"decision\":\"approve\",\"comment\":\"" + "x".repeat(2001) + "\"}", ApiEvent.API_KEY);
            assertThat(response.getStatusCode()).isEqualTo(400);
        }

        @Test
        void onlyJsonIsAcceptedAndOnlyPost() {
            ReportKey key = awaitingReview("P-REVIEW-9");
            var text = api.handle(ApiEvent.post("/reports/{patientId}/{reportId}/review")
                    .pathParameter("patientId", key.patientId())
                    .pathParameter("reportId", key.reportId())
                    .body("decision=approve", "text/plain")
                    .build());
            var get = api.handle(ApiEvent.get("/reports/{patientId}/{reportId}/review")
                    .pathParameter("patientId", key.patientId())
                    .pathParameter("reportId", key.reportId())
                    .build());

            assertThat(text.getStatusCode()).isEqualTo(415);
            assertThat(get.getStatusCode()).isEqualTo(405);
            assertThat(reports.find(key).orElseThrow().status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        }
    }

    private APIGatewayProxyResponseEvent getReportAs(String apiKey, ReportKey key) {
        return api.handle(ApiEvent.get("/reports/{patientId}/{reportId}")
                .pathParameter("patientId", key.patientId())
                .pathParameter("reportId", key.reportId())
                .apiKey(apiKey)
                .build());
    }

    private APIGatewayProxyResponseEvent listAs(String apiKey, String patientId, Map<String, String> query) {
        ApiEvent event = ApiEvent.get("/patients/{patientId}/reports")
                .pathParameter("patientId", patientId)
                .apiKey(apiKey);
        query.forEach(event::query);
        return api.handle(event.build());
    }

    @Nested
    class Tenancy {

        @Test
        void anotherTenantsReportIsA404ExactlyLikeAMissingOne() {
            ReportKey ours = succeeded("P-TENANT-1");

            var asOther = getReportAs(OTHER_KEY, ours);
            var missing = getReportAs(OTHER_KEY, new ReportKey("P-TENANT-1", ReportIds.next()));

            assertThat(asOther.getStatusCode()).isEqualTo(404);
            assertThat(asOther.getBody()).isEqualTo(missing.getBody());
            assertThat(asOther.getHeaders()).isEqualTo(missing.getHeaders());
            assertThat(getReportAs(ApiEvent.API_KEY, ours).getStatusCode()).isEqualTo(200);
        }

        @Test
        void aListingShowsOnlyTheCallersOwnReportsOfThatPatient() {
            ReportKey ours = succeeded("P-TENANT-2");
            ReportKey theirs = new ReportKey("P-TENANT-2", ReportIds.next());
            reports.create(Report.pending(
                    theirs,
                    Tenants.ofApiKey(OTHER_KEY),
                    new ReportSubmission("P-TENANT-2", TEXT, "OtherHospital", Map.of()),
                    now(),
                    3600));

            JsonNode mine = json(list("P-TENANT-2", Map.of()));
            JsonNode others = json(listAs(OTHER_KEY, "P-TENANT-2", Map.of()));

            assertThat(mine.get("items")).hasSize(1);
            assertThat(mine.get("items").get(0).get("reportId").asText()).isEqualTo(ours.reportId());
            assertThat(others.get("items")).hasSize(1);
            assertThat(others.get("items").get(0).get("reportId").asText()).isEqualTo(theirs.reportId());
        }

        @Test
        void anotherTenantsCursorIs400() {
            succeeded("P-TENANT-3");
            succeeded("P-TENANT-3");
            String cursor = json(list("P-TENANT-3", Map.of("limit", "1")))
                    .get("nextCursor")
                    .asText();

            problem(listAs(OTHER_KEY, "P-TENANT-3", Map.of("cursor", cursor)), 400, "validation");
            assertThat(list("P-TENANT-3", Map.of("cursor", cursor)).getStatusCode())
                    .isEqualTo(200);
        }

        @Test
        void anotherTenantCannotDecideAReview() {
            ReportKey key = pending("P-TENANT-4");
            reports.claim(key, "t", now(), now() + 60);
            reports.needsReview(
                    key,
                    "t",
                    new SummaryResult("Pneumonia.", "model", MODEL, 1, 1),
                    List.of(new Review.Finding("number", "5 mg")),
                    now(),
                    NotificationIds.next());

            var response = api.handle(ApiEvent.post("/reports/{patientId}/{reportId}/review")
                    .pathParameter("patientId", key.patientId())
                    .pathParameter("reportId", key.reportId())
                    .json("{\"decision\":\"approve\"}")
                    .apiKey(OTHER_KEY)
                    .build());

            problem(response, 404, "not-found");
            assertThat(reports.find(key).orElseThrow().status()).isEqualTo(ReportStatus.NEEDS_REVIEW);
        }

        @Test
        void aCrossTenantReaderReadsAndListsEveryTenantAndTheTrailSaysSo() {
            ReportKey key = succeeded("P-TENANT-5");

            assertThat(getReportAs(READER_KEY, key).getStatusCode()).isEqualTo(200);
            assertThat(json(listAs(READER_KEY, "P-TENANT-5", Map.of())).get("items"))
                    .hasSize(1);

            assertThat(audit.entries()).hasSize(2).allSatisfy(entry -> {
                assertThat(entry.tenant()).isEqualTo(READER);
                assertThat(entry.crossTenant()).isTrue();
            });
        }
    }

    @Nested
    class TheAuditTrail {

        @Test
        void everyReadListAndReviewIsOneEntryNamingWhoWhatAndWhich() {
            ReportKey key = succeeded("P-AUDIT-1");

            getReport(key.patientId(), key.reportId());
            list(key.patientId(), Map.of());
            getReportAs(OTHER_KEY, key);

            assertThat(audit.entries()).hasSize(3);
            AuditEntry read = audit.entries().get(0);
            assertThat(read.action()).isEqualTo(AuditAction.REPORT_READ);
            assertThat(read.tenant()).isEqualTo(ApiEvent.TENANT);
            assertThat(read.principal()).isEqualTo(ApiEvent.TENANT);
            assertThat(read.outcome()).isEqualTo("ok");
            assertThat(read.at()).isEqualTo(clock.instant());
            assertThat(read.subjects()).containsExactly(new AuditEntry.Subject("P-AUDIT-1", key.reportId()));
            assertThat(read.crossTenant()).isFalse();
            assertThat(audit.entries().get(1).action()).isEqualTo(AuditAction.REPORT_LIST);
            assertThat(audit.entries().get(1).subjects())
                    .extracting(AuditEntry.Subject::reportId)
                    .containsExactly(key.reportId());
            assertThat(audit.entries().get(2).outcome())
                    .as("another tenant's attempt")
                    .isEqualTo("not-found");
            assertThat(audit.entries().get(2).tenant()).isEqualTo(Tenants.ofApiKey(OTHER_KEY));
        }

        @Test
        void whatIsRefusedBeforeAnyDataIsTouchedAndHealthAreNoAccess() {
            getReport("not valid", "nor-this");
            health();
            api.handle(ApiEvent.get("/").build());

            assertThat(audit.entries()).isEmpty();
        }

        @Test
        void whenTheTrailIsDownNothingIsShown() {
            ReportKey key = succeeded("P-AUDIT-2");
            audit.makeUnavailable();

            var response = getReport(key.patientId(), key.reportId());

            problem(response, 503, "audit-unavailable");
            assertThat(response.getBody()).doesNotContain("Pneumonia").doesNotContain("P-AUDIT-2");
            problem(list(key.patientId(), Map.of()), 503, "audit-unavailable");
        }
    }
}
