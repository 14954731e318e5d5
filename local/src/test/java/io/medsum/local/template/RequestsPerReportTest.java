package io.medsum.local.template;

import static io.medsum.local.template.ProjectTemplate.DEFAULTS;
import static io.medsum.local.template.ProjectTemplate.list;
import static io.medsum.local.template.ProjectTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.domain.Report;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.local.LocalPipeline;
import io.medsum.local.SdkRequestCounter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The AWS requests one report costs, counted, not guessed: a report goes through the local pipeline (the real handlers
 * and SDK clients against wire-compatible stand-ins) while an {@link SdkRequestCounter} on the functions' and the event
 * source mapping's clients counts every request they send, per operation and per phase. docs/deploy.md's cost model
 * uses these numbers; the assertions keep the two in step. Each phase's operations must also be allowed by the IAM role
 * of the function that ran it.
 *
 * <p>ReceiveMessage and DeleteMessageBatch are the event source mapping's work (the local poller here, the Lambda
 * service's pollers in AWS): not our code, but SQS bills them to the account.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestsPerReportTest {
    /** A made-up report of the median size the cost model assumes (about 2.7 KB). */
    static final String MEDIAN_REPORT = medianReport();

    private static final Set<String> EVENT_SOURCE_MAPPING = Set.of("Sqs.ReceiveMessage", "Sqs.DeleteMessageBatch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectTemplate TEMPLATE = new ProjectTemplate();
    private static final Map<String, Map<String, Long>> TABLE = new LinkedHashMap<>();

    private static final SdkRequestCounter COUNTER = new SdkRequestCounter();
    private static LocalPipeline pipeline;
    private static ReportKey report;

    @BeforeAll
    static void start() {
        pipeline = LocalPipeline.start(LocalPipeline.Options.inMemory().countingRequests(COUNTER));
    }

    @AfterAll
    static void printTheTableAndStop() {
        StringBuilder table = new StringBuilder("\nAWS requests per report (one report, local pipeline)\n");
        TABLE.forEach((phase, counts) -> table.append(String.format("  %-48s %s%n", phase, counts)));
        System.out.println(table);
        pipeline.close();
    }

    @BeforeEach
    void resetTheCounter() {
        COUNTER.reset();
    }

    private static Map<String, Long> counted(String phase) {
        Map<String, Long> counts = new TreeMap<>(COUNTER.attemptsByOperation());
        // Each container creates its audit log stream once, on its first access: not a cost per report.
        counts.remove("CloudWatchLogs.CreateLogStream");
        TABLE.put(phase, counts);
        return counts;
    }

    private static APIGatewayProxyResponseEvent post(String path, Map<String, String> headers, Object body)
            throws Exception {
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.put("Content-Type", "application/json");
        return pipeline.invoke("POST", path, Map.of(), allHeaders, JSON.writeValueAsString(body), false, "test-key");
    }

    private static Map<String, Object> submission(String patientId) {
        return Map.of(
                "patientId",
                patientId,
                "text",
                MEDIAN_REPORT,
                "sourceSystem",
                "MedicalRecord",
                "metadata",
                Map.of("department", "cardiology", "urgency", "MEDIUM"));
    }

    private static ReportKey accepted(APIGatewayProxyResponseEvent response) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.getBody());
        return new ReportKey(
                body.get("patientId").asText(), body.get("reportId").asText());
    }

    @Test
    @Order(1)
    void submittingAReportCostsOnePutOneSendAndOneUpdate() throws Exception {
        report = accepted(post("/summarize", Map.of(), submission("COST-1")));

        Map<String, Long> counts = counted("POST /summarize (ingest)");
        assertThat(counts)
                .isEqualTo(Map.of(
                        "DynamoDb.PutItem",
                        1L,
                        "Sqs.SendMessage",
                        1L,
                        "DynamoDb.UpdateItem",
                        1L,
                        "CloudWatchLogs.PutLogEvents",
                        1L));
        assertAllowed("IngestRole", counts);
    }

    @Test
    @Order(2)
    void anIdempotencyKeyAddsAReservationAndItsCompletion() throws Exception {
        accepted(post("/summarize", Map.of("Idempotency-Key", "cost-model-1"), submission("COST-2")));

        Map<String, Long> counts = counted("POST /summarize with Idempotency-Key (ingest)");
        assertThat(counts)
                .isEqualTo(Map.of(
                        "DynamoDb.PutItem",
                        2L,
                        "Sqs.SendMessage",
                        1L,
                        "DynamoDb.UpdateItem",
                        2L,
                        "CloudWatchLogs.PutLogEvents",
                        1L));
        assertAllowed("IngestRole", counts);
    }

    @Test
    @Order(3)
    void summarizingCostsOneModelCallThreeUpdatesAndOnePublish() {
        assertThat(MEDIAN_REPORT.getBytes(StandardCharsets.UTF_8).length)
                .as("the cost model's median report")
                .isBetween(2_600, 2_800);
        // Deliver until the worker got both queued reports (the poller may come back empty first).
        int delivered = 0;
        for (int polls = 0; polls < 200 && delivered < 2; polls++) {
            delivered += pipeline.deliverOnce();
        }
        assertThat(delivered).isEqualTo(2);
        Map<String, Long> counts = counted("worker, per batch of 2 reports");

        Map<String, Long> worker = new TreeMap<>(counts);
        EVENT_SOURCE_MAPPING.forEach(worker::remove);
        // Per report: claim (UpdateItem PENDING to PROCESSING, which returns the record), the model, SUCCESS with its
        // notification's outbox marker, the notification published, the marker cleared.
        assertThat(worker)
                .isEqualTo(
                        Map.of("DynamoDb.UpdateItem", 6L, "BedrockRuntime.Converse", 2L, "EventBridge.PutEvents", 2L));
        assertThat(counts.get("Sqs.DeleteMessageBatch"))
                .as("one delete per batch")
                .isEqualTo(1L);
        assertThat(counts.get("Sqs.ReceiveMessage"))
                .as("at least one receive per batch")
                .isPositive();
        assertAllowed("WorkerRole", counts);

        Report done = new DynamoReportStore(
                        pipeline.dynamo(), pipeline.resources().tableName())
                .find(report)
                .orElseThrow();
        assertThat(done.status()).isEqualTo(ReportStatus.SUCCESS);
        TABLE.put(
                "model tokens of the median report (local estimate: 4 characters a token)",
                Map.of(
                        "InputTokens",
                        (long) done.inputTokens(),
                        "OutputTokens",
                        (long) done.outputTokens(),
                        "ReportBytes",
                        (long) MEDIAN_REPORT.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    @Order(4)
    void pollingTheStatusCostsOneRead() {
        APIGatewayProxyResponseEvent response = pipeline.invoke(
                "GET",
                "/reports/" + report.patientId() + "/" + report.reportId(),
                Map.of(),
                Map.of(),
                null,
                false,
                "test-key");

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, Long> counts = counted("GET /reports/{patientId}/{reportId} (status)");
        assertThat(counts).isEqualTo(Map.of("DynamoDb.GetItem", 1L, "CloudWatchLogs.PutLogEvents", 1L));
        assertAllowed("StatusRole", counts);
    }

    @Test
    @Order(5)
    void aBatchOfTenCostsOneBatchWriteOneBatchSendAndAnUpdateEach() throws Exception {
        List<Object> reports = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reports.add(submission("COST-B" + i));
        }
        APIGatewayProxyResponseEvent response = post("/reports/batch", Map.of(), Map.of("reports", reports));

        assertThat(response.getStatusCode()).isEqualTo(202);
        Map<String, Long> counts = counted("POST /reports/batch of 10 (ingest)");
        assertThat(counts)
                .isEqualTo(Map.of(
                        "DynamoDb.BatchWriteItem",
                        1L,
                        "Sqs.SendMessageBatch",
                        1L,
                        "DynamoDb.UpdateItem",
                        10L,
                        "CloudWatchLogs.PutLogEvents",
                        1L));
        assertAllowed("IngestRole", counts);
    }

    @Test
    @Order(6)
    void aReconcilerRunCostsOneQueryPerShardOfEachIndexAndOneDeadLetterReadWhateverTheTraffic() {
        pipeline.reconcile();

        Map<String, Long> counts = counted("reconciler run, every 5 minutes (nothing stranded, empty DLQ)");
        // 8 shards each of AwaitingEnqueue (stranded reports) and AwaitingNotification (unpublished notifications).
        assertThat(counts).isEqualTo(Map.of("DynamoDb.Query", 16L, "Sqs.ReceiveMessage", 1L));
        assertAllowed("ReconcilerRole", counts);
    }

    /**
     * The phase's operations are allowed by the role of the function that ran it (batch calls by their single action).
     */
    private static void assertAllowed(String role, Map<String, Long> counts) {
        Set<String> allowed = new TreeSet<>();
        for (Object policy : list(TEMPLATE.properties(role, DEFAULTS).get("Policies"))) {
            for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                list(map(statement).get("Action")).forEach(action -> allowed.add(String.valueOf(action)));
            }
        }
        for (String operation : counts.keySet()) {
            assertThat(allowed).as(role + " allows " + operation).contains(iamAction(operation));
        }
    }

    static String iamAction(String operation) {
        String service = operation.substring(0, operation.indexOf('.'));
        String name = operation.substring(operation.indexOf('.') + 1);
        return switch (service) {
            case "DynamoDb" -> "dynamodb:" + name;
            case "Sqs" -> "sqs:" + name.replace("Batch", "");
            case "BedrockRuntime" -> "bedrock:InvokeModel"; // Converse is authorized as InvokeModel too
            case "CloudWatchLogs" -> "logs:" + name;
            case "EventBridge" -> "events:" + name;
            default -> throw new IllegalArgumentException("No IAM mapping for " + operation);
        };
    }

    private static String medianReport() {
        return """
                DISCHARGE SUMMARY. Patient: 67-year-old woman admitted through the emergency department with \
                three days of progressive shortness of breath, orthopnoea and ankle swelling. HISTORY: Hypertension \
                for fifteen years, type 2 diabetes on metformin, previous myocardial infarction treated with a stent \
                to the left anterior descending artery. No known drug allergies. Non-smoker, occasional alcohol. \
                EXAMINATION: Pulse 104 irregular, blood pressure 148/92, respiratory rate 24, oxygen saturation 89% \
                on room air. Raised jugular venous pressure, bibasal crackles, pitting oedema to mid-shin. \
                INVESTIGATIONS: ECG showed atrial fibrillation with a ventricular rate of 110 and no acute ischaemic \
                change. Chest radiograph showed cardiomegaly, upper lobe diversion and small bilateral effusions. \
                NT-proBNP 4,820 pg/mL. Troponin flat at 18 and 21 ng/L. Creatinine 118 umol/L, potassium 4.6 mmol/L, \
                HbA1c 61 mmol/mol. Echocardiogram: left ventricular ejection fraction 35% with anterior hypokinesia, \
                moderate mitral regurgitation, dilated left atrium. ASSESSMENT: Acute decompensated heart failure \
                with reduced ejection fraction, precipitated by new atrial fibrillation with rapid ventricular \
                response. COURSE: Treated with intravenous furosemide 80 mg twice daily with a net negative balance \
                of 6.5 litres over four days and weight down from 82 to 77 kg. Rate controlled with bisoprolol, \
                titrated to 5 mg daily. Anticoagulated with apixaban 5 mg twice daily after a CHA2DS2-VASc score of 6 \
                and a HAS-BLED score of 2. Started sacubitril/valsartan 24/26 mg twice daily after a 36-hour washout \
                of ramipril, and dapagliflozin 10 mg daily. Spironolactone 25 mg daily added on day four with stable \
                potassium. Oxygen weaned on day three. Mobilising independently at discharge. DISCHARGE MEDICATION: \
                Apixaban 5 mg twice daily, bisoprolol 5 mg daily, sacubitril/valsartan 24/26 mg twice daily, \
                dapagliflozin 10 mg daily, spironolactone 25 mg daily, furosemide 40 mg each morning, metformin \
                1 g twice daily, atorvastatin 80 mg at night. PLAN: Daily weights, and contact the heart failure nurse \
                if weight rises by more than 2 kg in three days. Renal function and potassium in one week. Heart \
                failure clinic in two weeks for titration of sacubitril/valsartan and bisoprolol. Repeat \
                echocardiogram in three months to reassess ejection fraction and the need for a defibrillator. \
                Cardiology to consider rhythm control once euvolaemic. Diabetes review in primary care. \
                FOLLOW-UP: The patient and her daughter were given written heart failure advice, a weight diary and \
                the heart failure nurse's number; driving advice given. Community nursing referral sent; influenza \
                and pneumococcal vaccination status to be checked by the practice.""";
    }
}
