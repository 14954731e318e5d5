package io.medsum.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.audit.AuditAction;
import io.medsum.common.audit.AuditEntry;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.json.Json;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.InMemoryIdempotencyStore;
import io.medsum.common.testing.InMemoryReportStore;
import io.medsum.common.testing.InMemoryWorkQueue;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingAuditTrail;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.common.validation.SubmissionValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /summarize and POST /reports/batch as API Gateway events: 202s with where to poll, RFC 9457 problems, and
 * nothing written on any 4xx (openapi.yaml is the contract; local's OpenApiContractTest checks the wire).
 */
class IngestApiTest {
    private static final String TEXT = "Chief complaint: chest pain for two days. ASSESSMENT: Stable angina.";

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryReportStore reports = new InMemoryReportStore();
    private final InMemoryWorkQueue queue = new InMemoryWorkQueue();
    private final InMemoryIdempotencyStore keys = new InMemoryIdempotencyStore();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final ExecutorService io = Executors.newFixedThreadPool(4);
    private final RecordingAuditTrail audit = new RecordingAuditTrail();
    private final IngestApi api = new IngestApi(
            new ReportIntake(reports, queue, keys, metrics, clock, Duration.ofDays(90), io),
            new SubmissionValidator(),
            metrics,
            audit,
            clock);

    @AfterEach
    void stopPool() {
        io.shutdownNow();
    }

    private static String report(String patientId, String text) {
        return Json.write(Map.of(
                "patientId",
                patientId,
                "text",
                text,
                "sourceSystem",
                "MedicalRecord",
                "metadata",
                Map.of("urgency", "HIGH")));
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        try {
            return Json.parse(response.getBody());
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private APIGatewayProxyResponseEvent summarize(String body) {
        return api.handle(ApiEvent.post("/summarize").json(body).build());
    }

    private APIGatewayProxyResponseEvent summarize(String body, String idempotencyKey) {
        return api.handle(ApiEvent.post("/summarize")
                .json(body)
                .header("Idempotency-Key", idempotencyKey)
                .build());
    }

    private APIGatewayProxyResponseEvent batch(String body) {
        return api.handle(ApiEvent.post("/reports/batch").json(body).build());
    }

    private static String batchOf(String... items) {
        return "{\"reports\":[" + String.join(",", items) + "]}";
    }

    /** A problem+json answer of this status and type; nothing may have been written. */
    private JsonNode problem(APIGatewayProxyResponseEvent response, int status, String type) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:problem:medsum:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    private void nothingWritten() {
        assertThat(reports.size()).isZero();
        assertThat(queue.messages()).isEmpty();
        assertThat(keys.size()).isZero();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    @Nested
    class RoutesAndRequests {

        @Test
        void anUnknownRouteIs404() {
            problem(api.handle(ApiEvent.post("/reports").json("{}").build()), 404, "not-found");
        }

        @Test
        void anythingButPostIs405() {
            problem(api.handle(ApiEvent.get("/summarize").build()), 405, "method-not-allowed");
            problem(
                    api.handle(
                            ApiEvent.request("PUT", "/reports/batch").json("{}").build()),
                    405,
                    "method-not-allowed");
        }

        @Test
        void aBodyThatIsNotDeclaredJsonIs415AndCountedAsRejected() {
            problem(
                    api.handle(ApiEvent.post("/summarize")
                            .body(report("PATIENT-001", TEXT), "text/plain")
                            .build()),
                    415,
                    "unsupported-media-type");
            assertThat(metrics.rejectedCount()).isEqualTo(1);
            nothingWritten();
        }

        @Test
        void aJsonSuffixMediaTypeIsJson() {
            var response = api.handle(ApiEvent.post("/summarize")
                    .body(report("PATIENT-001", TEXT), "application/vnd.medsum+json; charset=utf-8")
                    .build());
            assertThat(response.getStatusCode()).isEqualTo(202);
        }

        @Test
        void aBodyOverSixMegabytesIs413() {
            problem(summarize("x".repeat(6 * 1024 * 1024 + 1)), 413, "payload-too-large");
            nothingWritten();
        }

        @Test
        void anInvalidIdempotencyKeyIs400NamingTheHeader() {
            JsonNode problem = problem(summarize(report("PATIENT-001", TEXT), "ключ"), 400, "validation");
            assertThat(fields(problem)).containsExactly("Idempotency-Key");
            nothingWritten();
        }

        @Test
        void malformedJsonIs400() {
            problem(summarize("{\"patientId\": "), 400, "malformed-json");
            problem(summarize("{\"patientId\":\"A\",\"patientId\":\"B\",\"text\":\"t\"}"), 400, "malformed-json");
            nothingWritten();
        }

        @Test
        void aBinaryBodyThatIsNotUtf8Is400() {
            byte[] broken = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            problem(
                    api.handle(ApiEvent.post("/summarize")
                            .bytes(broken, "application/json")
                            .build()),
                    400,
                    "malformed-json");
            nothingWritten();
        }

        @Test
        void aBinaryBodyThatIsUtf8IsRead() {
            var response = api.handle(ApiEvent.post("/summarize")
                    .bytes(ApiEvent.utf8(report("PATIENT-001", "Fièvre, toux.")), "application/json")
                    .build());
            assertThat(response.getStatusCode()).isEqualTo(202);
        }
    }

    @Nested
    class Summarize {

        @Test
        void anAcceptedReportIs202WithWhereAndWhenToPoll() {
            var response = summarize(report("PATIENT-001", TEXT));

            assertThat(response.getStatusCode()).isEqualTo(202);
            JsonNode body = json(response);
            String reportId = body.get("reportId").asText();
            assertThat(body.get("patientId").asText()).isEqualTo("PATIENT-001");
            assertThat(ReportIds.isValid(reportId)).isTrue();
            assertThat(body.get("status").asText()).isEqualTo("PENDING");
            assertThat(body.get("statusUrl").asText())
                    .startsWith("https://")
                    .endsWith("/reports/PATIENT-001/" + reportId);
            assertThat(response.getHeaders())
                    .containsEntry("Location", body.get("statusUrl").asText())
                    .containsEntry("Retry-After", "3")
                    .containsEntry("Content-Type", "application/json")
                    .containsEntry("Cache-Control", "no-store")
                    .doesNotContainKey("Idempotency-Replayed");
            assertThat(queue.messages()).containsExactly(new ReportKey("PATIENT-001", reportId));
            assertThat(metrics.acceptedCount()).isEqualTo(1);
        }

        @Test
        void anInvalidReportIs400WithEveryFieldErrorAndNothingIsWritten() {
            JsonNode problem = problem(
                    summarize("{\"patientId\":\"not a patient id!\",\"text\":\"   \",\"color\":\"red\"}"),
                    400,
                    "validation");

            assertThat(fields(problem)).contains("patientId", "text", "color");
            assertThat(problem.toString()).doesNotContain("not a patient id!");
            assertThat(metrics.rejectedCount()).isEqualTo(1);
            nothingWritten();
        }

        @Test
        void textOverTheLimitIs413AndTextAtTheLimitIsAccepted() {
            JsonNode problem = problem(summarize(report("PATIENT-001", "a".repeat(51_201))), 413, "payload-too-large");
            assertThat(fields(problem)).containsExactly("text");
            nothingWritten();

            assertThat(summarize(report("PATIENT-001", "a".repeat(51_200))).getStatusCode())
                    .isEqualTo(202);
        }

        @Test
        void theSameKeyAndBodyGetTheSame202MarkedReplayedWithoutASecondReport() {
            var first = summarize(report("PATIENT-001", TEXT), "key-1");
            var again = summarize(report("PATIENT-001", TEXT), "key-1");

            assertThat(again.getStatusCode()).isEqualTo(202);
            assertThat(json(again).get("reportId")).isEqualTo(json(first).get("reportId"));
            assertThat(again.getHeaders()).containsEntry("Idempotency-Replayed", "true");
            assertThat(reports.size()).isEqualTo(1);
            assertThat(queue.messages()).hasSize(1);
        }

        @Test
        void theSameKeyWithADifferentBodyIs422() {
            summarize(report("PATIENT-001", TEXT), "key-1");

            problem(summarize(report("PATIENT-001", "Another report."), "key-1"), 422, "idempotency-key-reused");
            assertThat(reports.size()).isEqualTo(1);
        }

        @Test
        void theSameKeyWhileTheFirstRequestIsInFlightIs409() {
            ReportSubmission submission =
                    new ReportSubmission("PATIENT-001", TEXT, "MedicalRecord", Map.of("urgency", "HIGH"));
            keys.reserve(
                    IdempotencyKeys.keyHash(ApiEvent.TENANT, "key-1"),
                    IdempotencyKeys.fingerprint(submission),
                    new ReportKey("PATIENT-001", ReportIds.next()),
                    clock.epochSecond());

            problem(summarize(report("PATIENT-001", TEXT), "key-1"), 409, "idempotency-in-flight");
            assertThat(reports.size()).isZero();
        }

        @Test
        void keysAreScopedByTheCallersApiKey() {
            var mine = api.handle(ApiEvent.post("/summarize")
                    .json(report("PATIENT-001", TEXT))
                    .header("Idempotency-Key", "k")
                    .apiKey("key-a")
                    .build());
            var theirs = api.handle(ApiEvent.post("/summarize")
                    .json(report("PATIENT-001", TEXT))
                    .header("Idempotency-Key", "k")
                    .apiKey("key-b")
                    .build());

            assertThat(json(theirs).get("reportId")).isNotEqualTo(json(mine).get("reportId"));
            assertThat(theirs.getHeaders()).doesNotContainKey("Idempotency-Replayed");
        }

        @Test
        void whenTheEnqueueFailsTheClientGets503AndNothingLingers() {
            queue.outage().of(InMemoryWorkQueue.Operation.ENQUEUE);

            problem(summarize(report("PATIENT-001", TEXT), "key-1"), 503, "enqueue-failed");

            nothingWritten();
            assertThat(metrics.acceptedCount()).isZero();
        }

        @Test
        void whenTheStoreIsDownTheClientGets503() {
            reports.outage().of(InMemoryReportStore.Operation.CREATE);

            problem(summarize(report("PATIENT-001", TEXT)), 503, "unavailable");
            nothingWritten();
        }
    }

    @Nested
    class Batch {

        @Test
        void acceptsTheValidItemsAndReportsEachInvalidOneAtItsIndex() {
            var response = batch(batchOf(
                    report("PATIENT-A", TEXT),
                    report("not a patient!", TEXT),
                    report("PATIENT-C", TEXT),
                    "{\"patientId\":\"PATIENT-D\",\"text\":\"t\",\"idempotencyKey\":\"\"}"));

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(response.getHeaders()).containsEntry("Retry-After", "3");
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("rejected").asInt()).isEqualTo(2);
            JsonNode results = body.get("results");
            for (int i = 0; i < 4; i++) {
                assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            }
            assertThat(results.get(0).get("statusUrl").asText())
                    .endsWith("/reports/PATIENT-A/"
                            + results.get(0).get("reportId").asText());
            assertThat(fields(results.get(1).get("error"))).containsExactly("reports[1].patientId");
            assertThat(results.get(2).get("patientId").asText()).isEqualTo("PATIENT-C");
            assertThat(fields(results.get(3).get("error"))).containsExactly("reports[3].idempotencyKey");
            assertThat(queue.messages()).hasSize(2);
            assertThat(metrics.acceptedCount()).isEqualTo(2);
            assertThat(metrics.rejectedCount()).isEqualTo(2);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "[]",
                    "{}",
                    "{\"reports\":[]}",
                    "{\"reports\":{}}",
                    "{\"reports\":\"x\"}",
                    "{\"reports\":[{\"patientId\":\"P\",\"text\":\"t\"}],\"extra\":1}"
                })
        void aBadEnvelopeIs400AndWritesNothing(String body) {
            problem(batch(body), 400, "validation");
            nothingWritten();
        }

        @Test
        void moreThanAHundredItemsAre400() {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                items.add(report("PATIENT-A", TEXT));
            }
            problem(batch(batchOf(items.toArray(String[]::new))), 400, "validation");
            nothingWritten();
        }

        @Test
        void aBatchOfOnlyInvalidItemsIsAnsweredWithoutWritingAnything() {
            JsonNode body = json(batch(batchOf("{\"text\":\"no patient\"}", "{\"patientId\":\"PATIENT-A\"}")));

            assertThat(body.get("accepted").asInt()).isZero();
            assertThat(body.get("rejected").asInt()).isEqualTo(2);
            nothingWritten();
        }

        @Test
        void aBatchLevelKeyMakesTheWholeBatchIdempotentPositionByPosition() {
            String body = batchOf(report("PATIENT-A", "One."), report("PATIENT-B", "Two."));
            var first = json(api.handle(ApiEvent.post("/reports/batch")
                    .json(body)
                    .header("Idempotency-Key", "upload-7")
                    .build()));
            var again = json(api.handle(ApiEvent.post("/reports/batch")
                    .json(body)
                    .header("Idempotency-Key", "upload-7")
                    .build()));

            assertThat(again.get("results")).isEqualTo(first.get("results"));
            assertThat(again.get("accepted").asInt()).isEqualTo(2);
            assertThat(reports.size()).isEqualTo(2);
            assertThat(queue.messages()).hasSize(2);
        }

        @Test
        void aKeyDerivedFromTheBatchKeyIsNoKeyASingleSubmitCanSend() {
            var batchResult = json(api.handle(ApiEvent.post("/reports/batch")
                    .json(batchOf(report("PATIENT-A", "One.")))
                    .header("Idempotency-Key", "K")
                    .build()));

            var single = summarize(report("PATIENT-A", "One."), "K#0");

            assertThat(single.getStatusCode()).isEqualTo(202);
            assertThat(single.getHeaders()).doesNotContainKey("Idempotency-Replayed");
            assertThat(json(single).get("reportId"))
                    .isNotEqualTo(batchResult.get("results").get(0).get("reportId"));
        }

        @Test
        void theLongestValidBatchKeyCoversEveryItem() {
            String longest = "k".repeat(255);

            var body = json(api.handle(ApiEvent.post("/reports/batch")
                    .json(batchOf(report("PATIENT-A", "One."), report("PATIENT-B", "Two.")))
                    .header("Idempotency-Key", longest)
                    .build()));

            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("rejected").asInt()).isZero();
        }

        @Test
        void anItemsOwnKeyWinsOverTheBatchKey() {
            String item = "{\"patientId\":\"PATIENT-A\",\"text\":\"One.\",\"idempotencyKey\":\"own-key\"}";
            var batchResult = json(api.handle(ApiEvent.post("/reports/batch")
                    .json(batchOf(item))
                    .header("Idempotency-Key", "batch-key")
                    .build()));

            var single = summarize("{\"patientId\":\"PATIENT-A\",\"text\":\"One.\"}", "own-key");

            assertThat(single.getHeaders()).containsEntry("Idempotency-Replayed", "true");
            assertThat(json(single).get("reportId"))
                    .isEqualTo(batchResult.get("results").get(0).get("reportId"));
        }

        @Test
        void anItemWhoseMessageCouldNotBeSentIsReportedAsEnqueueFailedAndNothingOfItLingers() {
            queue.refuseMessagesFor(key -> key.patientId().equals("PATIENT-B"));

            JsonNode body = json(batch(batchOf(report("PATIENT-A", TEXT), report("PATIENT-B", TEXT))));

            assertThat(body.get("accepted").asInt()).isEqualTo(1);
            assertThat(body.get("rejected").asInt()).isEqualTo(1);
            assertThat(body.get("results").get(1).get("error").get("type").asText())
                    .isEqualTo("urn:problem:medsum:enqueue-failed");
            assertThat(reports.size()).isEqualTo(1);
        }
    }

    @Nested
    class TheAuditTrail {

        @Test
        void anAcceptedSubmissionIsOneEntryWithItsPatientAndReport() {
            JsonNode accepted = json(summarize(report("PATIENT-AUDIT", TEXT)));

            assertThat(audit.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.REPORT_SUBMIT);
                assertThat(entry.tenant()).isEqualTo(ApiEvent.TENANT);
                assertThat(entry.outcome()).isEqualTo("ok");
                assertThat(entry.subjects())
                        .containsExactly(new AuditEntry.Subject(
                                "PATIENT-AUDIT", accepted.get("reportId").asText()));
            });
        }

        @Test
        void aBatchIsOneEntryNamingEveryAcceptedReport() {
            batch(batchOf(report("PATIENT-A", TEXT), report("PATIENT-B", TEXT)));

            assertThat(audit.entries()).singleElement().satisfies(entry -> {
                assertThat(entry.action()).isEqualTo(AuditAction.BATCH_SUBMIT);
                assertThat(entry.subjects())
                        .extracting(AuditEntry.Subject::patientId)
                        .containsExactly("PATIENT-A", "PATIENT-B");
            });
        }

        @Test
        void aRequestRefusedBeforeAnythingIsWrittenIsNoAccess() {
            summarize("{\"patientId\": \"\"}");

            assertThat(audit.entries()).isEmpty();
        }

        @Test
        void whenTheTrailIsDownTheClientIsToldToRetryWithItsKey() {
            audit.makeUnavailable();

            var response = summarize(report("PATIENT-AUDIT-2", TEXT), "retry-me");

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(json(response).get("type").asText()).isEqualTo("urn:problem:medsum:audit-unavailable");
            assertThat(response.getBody()).doesNotContain("PATIENT-AUDIT-2");
        }
    }
}
