package io.medsum.local.pipeline;

import static io.medsum.local.pipeline.PipelineTestSupport.drain;
import static io.medsum.local.pipeline.PipelineTestSupport.newPatient;
import static io.medsum.local.pipeline.PipelineTestSupport.rawItem;
import static io.medsum.local.pipeline.PipelineTestSupport.record;
import static io.medsum.local.pipeline.PipelineTestSupport.recordsOf;
import static io.medsum.local.pipeline.PipelineTestSupport.report;
import static io.medsum.local.pipeline.PipelineTestSupport.sampleText;
import static io.medsum.local.pipeline.PipelineTestSupport.store;
import static io.medsum.local.pipeline.PipelineTestSupport.tableSize;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.aws.DynamoIdempotencyStore;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.domain.ReportSubmission;
import io.medsum.common.http.Tenants;
import io.medsum.common.json.Json;
import io.medsum.ingest.IdempotencyKeys;
import io.medsum.ingest.IngestHandler;
import io.medsum.local.LocalPipeline;
import io.medsum.local.lambda.LocalLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingest over real DynamoDB and SQS wire protocols: acceptance, idempotency, batches, and no stranded report. */
class IngestPipelineTest extends PipelineTest {

    private int queued() {
        return pipeline.queueDepth(pipeline.resources().queueUrl());
    }

    @Test
    void acceptsAReportWith202WhereToPollAndAPendingRecordOnTheQueue() {
        String patient = newPatient();
        var response = api.postJson("/summarize", report(patient, sampleText()));

        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.json();
        String reportId = body.get("reportId").asText();
        assertThat(ReportIds.isValid(reportId)).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("PENDING");
        assertThat(body.get("statusUrl").asText())
                .isEqualTo("http://127.0.0.1:3000/reports/" + patient + "/" + reportId);
        assertThat(response.header("Location")).isEqualTo(body.get("statusUrl").asText());
        assertThat(response.header("Retry-After")).isEqualTo("3");

        Report stored = record(pipeline, patient, reportId).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(stored.metadata()).containsEntry("urgency", "MEDIUM");
        assertThat(rawItem(pipeline, patient, reportId)).doesNotContainKey("AwaitingEnqueueSince");
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void invalidReportsGet400WithEveryFieldErrorAndNothingIsWritten() {
        int before = tableSize(pipeline);
        var response = api.postJson(
                "/summarize", Map.of("patientId", "../etc/passwd", "text", "  ", "metadata", Map.of("urgency", "NOW")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:problem:medsum:validation");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("patientId", "text", "metadata.urgency");
        assertThat(tableSize(pipeline)).isEqualTo(before);
        assertThat(queued()).isZero();
    }

    @Test
    void textOverTheLimitGets413AndAtTheLimitIsAccepted() {
        String patient = newPatient();
        String atLimit = "é".repeat(25_600); // 51,200 bytes of two-byte characters
        assertThat(api.postJson("/summarize", report(patient, atLimit)).status())
                .isEqualTo(202);

        var tooLarge = api.postJson("/summarize", report(patient, atLimit + "a"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("errors").get(0).get("field").asText()).isEqualTo("text");
        assertThat(recordsOf(pipeline, patient)).isEqualTo(1);
    }

    @Test
    void malformedRequestsGetProblemsAndWriteNothing() {
        int before = tableSize(pipeline);
        assertThat(api.post("/summarize", "{\"patientId\": \"p\", \"text\": ", "application/json", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(api.post(
                                "/summarize",
                                "{\"patientId\":\"p\",\"text\":\"a\",\"text\":\"b\"}",
                                "application/json",
                                Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/summarize", Json.write(report("p", "t")), "text/plain", Map.of())
                        .status())
                .isEqualTo(415);
        assertThat(api.postBinary("/summarize", Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xFF, '}'}))
                        .status())
                .isEqualTo(400);
        assertThat(api.call("PUT", "/summarize", Map.of("Content-Type", "application/json"), "{}", false)
                        .status())
                .isEqualTo(405);
        assertThat(api.postJson("/summarize", report("p", "t"), Map.of("Idempotency-Key", ""))
                        .status())
                .isEqualTo(400);
        assertThat(tableSize(pipeline)).isEqualTo(before);
        assertThat(queued()).isZero();
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheSameReportWithoutASecondRecordOrMessage() {
        String patient = newPatient();
        Map<String, String> key = Map.of("Idempotency-Key", "order-" + patient);
        var first = api.postJson("/summarize", report(patient, sampleText()), key);
        var again = api.postJson("/summarize", report(patient, sampleText()), key);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("reportId")).isEqualTo(first.json().get("reportId"));
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotency-Replayed")).isNull();
        assertThat(recordsOf(pipeline, patient)).isEqualTo(1);
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyGets422() {
        String patient = newPatient();
        Map<String, String> key = Map.of("Idempotency-Key", "order-" + patient);
        api.postJson("/summarize", report(patient, sampleText()), key);

        var other = api.postJson("/summarize", report(patient, sampleText() + " Addendum."), key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(recordsOf(pipeline, patient)).isEqualTo(1);
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysAreScopedByCaller() {
        String patient = newPatient();
        Map<String, String> key = Map.of("Idempotency-Key", "shared-key-" + patient);
        var mine = api.postJson("/summarize", report(patient, sampleText()), key);
        var theirs = api.as("another-client").postJson("/summarize", report(patient, sampleText()), key);

        assertThat(theirs.status()).isEqualTo(202);
        assertThat(theirs.json().get("reportId")).isNotEqualTo(mine.json().get("reportId"));
        assertThat(recordsOf(pipeline, patient)).isEqualTo(2);
    }

    private String keyHash(String key) {
        return IdempotencyKeys.keyHash(Tenants.ofApiKey(ApiClient.API_KEY), key);
    }

    private String fingerprint(String patient) {
        var submission = new ReportSubmission(
                patient, sampleText(), "MedicalRecord", Map.of("physician", "Dr. Grey", "urgency", "MEDIUM"));
        return IdempotencyKeys.fingerprint(submission);
    }

    private DynamoIdempotencyStore idempotencyStore() {
        return new DynamoIdempotencyStore(
                pipeline.dynamo(), pipeline.resources().tableName(), Duration.ofHours(24), Duration.ofSeconds(60));
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillInFlightGets409() {
        String patient = newPatient();
        String key = "inflight-" + patient;
        idempotencyStore()
                .reserve(
                        keyHash(key),
                        fingerprint(patient),
                        new ReportKey(patient, ReportIds.next()),
                        Instant.now().getEpochSecond());

        var retry = api.postJson("/summarize", report(patient, sampleText()), Map.of("Idempotency-Key", key));

        assertThat(retry.status()).isEqualTo(409);
        assertThat(recordsOf(pipeline, patient)).isZero();
    }

    @Test
    void aRetryAfterTheFirstRequestDiedFinishesTheSameReport() {
        String patient = newPatient();
        String key = "crashed-" + patient;
        String firstId = ReportIds.next();
        long longAgo = Instant.now().getEpochSecond() - 120; // its 60 s lock has expired
        idempotencyStore().reserve(keyHash(key), fingerprint(patient), new ReportKey(patient, firstId), longAgo);

        var retry = api.postJson("/summarize", report(patient, sampleText()), Map.of("Idempotency-Key", key));

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("reportId").asText()).isEqualTo(firstId);
        assertThat(recordsOf(pipeline, patient)).isEqualTo(1);
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void keysExpireAfter24Hours() {
        var store = idempotencyStore();
        String patient = newPatient();
        long day0 = Instant.now().getEpochSecond();
        ReportKey first = new ReportKey(patient, ReportIds.next());
        store.reserve("expiry-" + patient, "fp", first, day0);
        store.complete("expiry-" + patient, day0);

        assertThat(store.reserve("expiry-" + patient, "fp", new ReportKey(patient, ReportIds.next()), day0 + 86_399))
                .isEqualTo(new io.medsum.common.ports.IdempotencyStore.Reservation.Replay(first));
        ReportKey later = new ReportKey(patient, ReportIds.next());
        assertThat(store.reserve("expiry-" + patient, "other-body", later, day0 + 86_401))
                .isEqualTo(new io.medsum.common.ports.IdempotencyStore.Reservation.Reserved(later));
    }

    @Test
    void aBatchAcceptsTheValidItemsAndReportsEachInvalidOneInOrder() {
        String patient = newPatient();
        List<Object> items = new ArrayList<>();
        items.add(report(patient, "First report."));
        items.add(Map.of("patientId", "bad/id", "text", "x"));
        items.add(report(patient, "Third report."));
        items.add(Map.of("patientId", patient, "text", "a".repeat(51_201)));
        items.add("not an object");

        var response = api.postJson("/reports/batch", Map.of("reports", items));

        assertThat(response.status()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").asInt()).isEqualTo(3);
        JsonNode results = body.get("results");
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(results.get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(results.get(1).get("error").get("errors").get(0).get("field").asText())
                .isEqualTo("reports[1].patientId");
        assertThat(results.get(2).get("reportId").asText()).startsWith("REPORT-");
        assertThat(results.get(3).get("error").get("status").asInt()).isEqualTo(413);
        assertThat(results.get(4).get("error").get("status").asInt()).isEqualTo(400);
        assertThat(recordsOf(pipeline, patient)).isEqualTo(2);
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void aLargeBatchIsWrittenAndQueuedInChunks() {
        String patient = newPatient();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(Map.of("patientId", patient, "text", "Report number " + i, "idempotencyKey", patient + "-" + i));
        }
        var first = api.postJson("/reports/batch", Map.of("reports", items));
        var replay = api.postJson("/reports/batch", Map.of("reports", items));

        assertThat(first.json().get("accepted").asInt()).isEqualTo(100);
        assertThat(replay.json().get("results")).isEqualTo(first.json().get("results"));
        assertThat(recordsOf(pipeline, patient)).isEqualTo(100);
        assertThat(queued()).isEqualTo(100);
    }

    @Test
    void aBatchLevelKeyMakesTheWholeBatchIdempotent() {
        String patient = newPatient();
        var body = Map.of("reports", List.of(report(patient, "One."), report(patient, "Two.")));
        Map<String, String> key = Map.of("Idempotency-Key", "batch-" + patient);
        var first = api.postJson("/reports/batch", body, key);
        var again = api.postJson("/reports/batch", body, key);

        assertThat(again.json().get("results")).isEqualTo(first.json().get("results"));
        assertThat(recordsOf(pipeline, patient)).isEqualTo(2);
    }

    @Test
    void badBatchEnvelopesGet400() {
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(report("p", "t"));
        }
        assertThat(api.postJson("/reports/batch", Map.of("reports", tooMany)).status())
                .isEqualTo(400);
        assertThat(api.postJson("/reports/batch", Map.of("reports", List.of())).status())
                .isEqualTo(400);
        assertThat(api.postJson("/reports/batch", Map.of("items", List.of(report("p", "t"))))
                        .status())
                .isEqualTo(400);
        assertThat(api.postJson("/reports/batch", List.of(report("p", "t"))).status())
                .isEqualTo(400);
        assertThat(queued()).isZero();
    }

    /** An ingest function whose queue does not exist: every SendMessage fails like an SQS outage. */
    private IngestHandler ingestWithBrokenQueue() {
        Map<String, String> env = new HashMap<>(pipeline.environment(LocalPipeline.INGEST));
        env.put("QUEUE_URL", pipeline.resources().queueUrl() + "-does-not-exist");
        return new IngestHandler(new Settings(env));
    }

    private APIGatewayProxyRequestEvent event(String resource, Object body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource(resource)
                .withPath(resource)
                .withHeaders(all)
                .withBody(Json.write(body))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withPath(resource)
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withApiKey(ApiClient.API_KEY)));
    }

    @Test
    void whenTheEnqueueFailsTheClientGets503AndNoRecordLingers() throws Exception {
        String patient = newPatient();
        String key = "outage-" + patient;
        var response = ingestWithBrokenQueue()
                .handleRequest(
                        event("/summarize", report(patient, sampleText()), Map.of("Idempotency-Key", key)),
                        new LocalLambdaContext("IngestFunction", 1024, 29));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(Json.parse(response.getBody()).get("type").asText()).isEqualTo("urn:problem:medsum:enqueue-failed");
        assertThat(recordsOf(pipeline, patient)).isZero();

        // The key was released: the client's retry is accepted once the queue is back.
        var retry = api.postJson("/summarize", report(patient, sampleText()), Map.of("Idempotency-Key", key));
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Idempotency-Replayed")).isNull();
    }

    @Test
    void whenABatchEnqueueFailsEachItemIsReportedAndNothingLingers() throws Exception {
        String patient = newPatient();
        var response = ingestWithBrokenQueue()
                .handleRequest(
                        event(
                                "/reports/batch",
                                Map.of("reports", List.of(report(patient, "One."), report(patient, "Two."))),
                                Map.of()),
                        new LocalLambdaContext("IngestFunction", 1024, 29));

        JsonNode body = Json.parse(response.getBody());
        assertThat(body.get("accepted").asInt()).isZero();
        assertThat(body.get("results").get(1).get("error").get("status").asInt())
                .isEqualTo(503);
        assertThat(recordsOf(pipeline, patient)).isZero();
    }

    @Test
    void aReportStrandedBetweenWriteAndEnqueueIsEnqueuedByTheReconcilerAndSucceeds() {
        String patient = newPatient();
        long tenMinutesAgo = Instant.now().getEpochSecond() - 600;
        var submission = new ReportSubmission(patient, sampleText(), "MedicalRecord", Map.of());
        var stranded = Report.pending(
                new ReportKey(patient, ReportIds.next()), "apikey:test", submission, tenMinutesAgo, 86_400);
        var fresh = Report.pending(
                new ReportKey(patient, ReportIds.next()),
                "apikey:test",
                submission,
                Instant.now().getEpochSecond(),
                86_400);
        store(pipeline).create(stranded); // the ingest process "died" right after these writes
        store(pipeline).create(fresh);

        var result = pipeline.reconcile();

        assertThat(result).containsEntry("reenqueued", 1); // the fresh one is still within its grace period
        assertThat(pipeline.reconcile()).containsEntry("reenqueued", 0);
        drain(pipeline);
        assertThat(record(pipeline, patient, stranded.reportId()).orElseThrow().status())
                .isEqualTo(ReportStatus.SUCCESS);
        assertThat(record(pipeline, patient, fresh.reportId()).orElseThrow().status())
                .isEqualTo(ReportStatus.PENDING);
    }

    @Test
    void aReportWhoseMessageReachedTheDeadLetterQueueUnfinishedIsFailedAndItsMessageKept() {
        String patient = newPatient();
        String reportId = api.postJson("/summarize", report(patient, sampleText()))
                .json()
                .get("reportId")
                .asText();
        // Every delivery was spent by invocations that died: SQS moved the message, the record is still PENDING.
        var message = pipeline.sqs()
                .receiveMessage(b -> b.queueUrl(pipeline.resources().queueUrl()))
                .messages()
                .get(0);
        pipeline.sqs()
                .sendMessage(b -> b.queueUrl(pipeline.resources().dlqUrl()).messageBody(message.body()));
        pipeline.sqs()
                .deleteMessage(b -> b.queueUrl(pipeline.resources().queueUrl()).receiptHandle(message.receiptHandle()));

        assertThat(pipeline.reconcile()).containsEntry("deadLettersFailed", 1);

        Report failed = record(pipeline, patient, reportId).orElseThrow();
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.lastErrorCode()).isEqualTo(io.medsum.common.domain.FailureCode.DELIVERIES_EXHAUSTED);
        assertThat(pipeline.queueDepth(pipeline.resources().dlqUrl())).isEqualTo(1);
        assertThat(pipeline.reconcile()).containsEntry("deadLettersFailed", 0);
    }
}
