package io.medsum.local.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tests of {@link OpenApiContract} itself, with hand-written responses. */
class OpenApiContractTest {
    private static final String ACTIVE_MODEL =
            ",\"model\":{\"id\":\"us.amazon.nova-2-lite-v1:0\",\"lifecycle\":\"ACTIVE\"}";

    private static final OpenApiContract CONTRACT = OpenApiContract.shared();

    private static final String PATIENT = "P-000123";
    private static final String REPORT = "REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA";
    private static final String REPORT_PATH = "/reports/" + PATIENT + "/" + REPORT;
    private static final String STATUS_URL = "/v1" + REPORT_PATH;

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final Map<String, String> PROBLEM = Map.of("Content-Type", "application/problem+json");

    private static final String ACCEPTED = """
            {"patientId":"P-000123","reportId":"REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA",
             "status":"PENDING","statusUrl":"/v1/reports/P-000123/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA"}
            """;

    private static Map<String, String> acceptedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Location", STATUS_URL);
        headers.put("Retry-After", "5");
        return headers;
    }

    private static String problem(int status, String extra) {
        return "{\"type\":\"urn:problem:medsum:x\",\"title\":\"T\",\"status\":" + status + ",\"detail\":\"d\"" + extra
                + "}";
    }

    private static String reportView(String status, String extra) {
        return "{\"patientId\":\"" + PATIENT + "\",\"reportId\":\"" + REPORT + "\",\"status\":\"" + status
                + "\",\"attempts\":1,\"createdAt\":1717430400,\"updatedAt\":1717430409,"
                + "\"sourceSystem\":\"MedicalRecord\",\"metadata\":{\"urgency\":\"HIGH\"}" + extra + "}";
    }

    private static final String SUCCESS_VIEW = reportView(
            "SUCCESS",
            ",\"summary\":\"Chest pain; ECG ordered.\",\"summarySource\":\"model\","
                    + "\"modelId\":\"amazon.titan-text-express-v1\",\"tokens\":{\"input\":812,\"output\":64}");

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> base, String name) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        copy.remove(name);
        return copy;
    }

    // ------------------------------------------------------------------ the document itself

    @Test
    void loadsFromTheProjectRoot() {
        assertThat(CONTRACT.source()).endsWith(Path.of("openapi.yaml"));
        assertThat(CONTRACT.document().path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void declaresTheV1Operations() {
        assertThat(CONTRACT.operations())
                .containsExactlyInAnyOrder(
                        "POST /summarize",
                        "POST /reports/batch",
                        "GET /reports/{patientId}/{reportId}",
                        "POST /reports/{patientId}/{reportId}/review",
                        "GET /patients/{patientId}/reports",
                        "GET /",
                        "GET /health",
                        "POST /webhooks",
                        "GET /webhooks",
                        "DELETE /webhooks/{webhookId}");
    }

    @Test
    void everyRefResolves() {
        assertThat(CONTRACT.unresolvedRefs()).isEmpty();
    }

    @Test
    void everyOperationHasAnIdAndDeclaresOnlyProblemErrorsExceptTheHealthDocument() {
        JsonNode paths = CONTRACT.document().path("paths");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                String where = op.getKey() + " " + path.getKey();
                if (!op.getValue().hasNonNull("operationId")) {
                    problems.add(where + " has no operationId");
                }
                for (String status : op.getValue().path("responses").propertyNames()) {
                    JsonNode response = op.getValue().path("responses").path(status);
                    String ref = response.path("$ref").asString("");
                    if (!ref.isEmpty()) {
                        response = CONTRACT.document().at(ref.substring(1));
                    }
                    boolean error = status.startsWith("4") || status.startsWith("5");
                    boolean problem = response.path("content").has("application/problem+json");
                    boolean healthDegraded = path.getKey().equals("/health") && status.equals("503");
                    if (error && !problem && !healthDegraded) {
                        problems.add(where + " " + status + " is not application/problem+json");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Every example in the document validates against its schema, so the examples cannot drift. */
    @Test
    void everyExampleMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        collectExamples(CONTRACT.document(), "", problems);
        assertThat(problems).isEmpty();
    }

    private void collectExamples(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            if (node.has("schema") && node.has("example")) {
                String example = node.get("example").toString();
                for (String v : CONTRACT.validateSchema(at + "/schema", example)) {
                    problems.add(at + "/example " + v);
                }
            }
            if (node.has("examples") && node.get("examples").isArray() && !at.endsWith("/properties")) {
                for (JsonNode example : node.get("examples")) {
                    for (String v : CONTRACT.validateSchema(at, example.toString())) {
                        problems.add(at + "/examples " + v);
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().equals("example") && !e.getKey().equals("examples")) {
                    collectExamples(
                            e.getValue(),
                            at + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                            problems);
                }
            }
        }
    }

    // ------------------------------------------------------------------ conforming responses

    @Test
    void summarizeAccepted() {
        assertThat(CONTRACT.violations("POST", "/summarize", 202, acceptedHeaders(), ACCEPTED))
                .isEmpty();
    }

    @Test
    void summarizeReplayWithHeaderNamesInAnyCase() {
        Map<String, String> headers = Map.of(
                "content-type", "application/json; charset=UTF-8",
                "location", STATUS_URL,
                "RETRY-AFTER", "0",
                "idempotency-replayed", "true");
        assertThat(CONTRACT.violations("post", "/summarize", 202, headers, ACCEPTED))
                .isEmpty();
    }

    @Test
    void summarizeProblems() {
        String validation = problem(400, ",\"errors\":[{\"field\":\"patientId\",\"message\":\"bad\"}]");
        assertThat(CONTRACT.violations("POST", "/summarize", 400, PROBLEM, validation))
                .isEmpty();
        for (int status : new int[] {409, 413, 415, 422, 500, 503}) {
            assertThat(CONTRACT.violations("POST", "/summarize", status, PROBLEM, problem(status, "")))
                    .as("status %d", status)
                    .isEmpty();
        }
        assertThat(CONTRACT.violations(
                        "POST",
                        "/summarize",
                        503,
                        with(PROBLEM, "Retry-After", "2"),
                        problem(503, ",\"instance\":\"/summarize\"")))
                .isEmpty();
    }

    @Test
    void batchWithAcceptedAndRejectedItems() {
        String body = """
                {"accepted":1,"rejected":1,"results":[
                  {"index":0,"patientId":"P-000123","reportId":"REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA",
                   "status":"PENDING","statusUrl":"/v1/reports/P-000123/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA"},
                  {"index":1,"error":{"type":"urn:problem:medsum:validation","title":"Invalid","status":400,
                   "detail":"bad","errors":[{"field":"reports[1].text","message":"must not be empty"}]}}]}
                """;
        assertThat(CONTRACT.violations("POST", "/reports/batch", 202, JSON, body))
                .isEmpty();
        assertThat(CONTRACT.violations("POST", "/reports/batch", 400, PROBLEM, problem(400, "")))
                .isEmpty();
    }

    @Test
    void reportSucceededNeedsNoRetryAfter() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, SUCCESS_VIEW))
                .isEmpty();
    }

    @Test
    void reportPendingWithRetryAfterAndNullSourceSystem() {
        String body = reportView("PENDING", "").replace("\"MedicalRecord\"", "null");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, with(JSON, "Retry-After", "3"), body))
                .isEmpty();
    }

    @Test
    void reportFailed() {
        String body = reportView("FAILED", ",\"error\":{\"code\":\"MODEL_INVALID_REQUEST\",\"message\":\"rejected\"}");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, body)).isEmpty();
    }

    @Test
    void reportNotFoundAndMalformedIds() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 404, PROBLEM, problem(404, "")))
                .isEmpty();
        assertThat(CONTRACT.violations("GET", "/reports/bad%20id/x", 400, PROBLEM, problem(400, "")))
                .isEmpty();
    }

    @Test
    void listPages() {
        String page = "{\"items\":[" + SUCCESS_VIEW + "," + reportView("PROCESSING", "") + "],"
                + "\"nextCursor\":\"eyJrIjoxfQ\"}";
        assertThat(CONTRACT.violations("GET", "/patients/P-000123/reports?limit=2", 200, JSON, page))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET", "/patients/P-000123/reports", 200, JSON, "{\"items\":[],\"nextCursor\":null}"))
                .isEmpty();
        assertThat(CONTRACT.violations("GET", "/patients/P-000123/reports?limit=0", 400, PROBLEM, problem(400, "")))
                .isEmpty();
    }

    @Test
    void health() {
        assertThat(CONTRACT.violations("GET", "/", 200, JSON, "{\"status\":\"ok\",\"version\":\"0.1.0\"}"))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        200,
                        JSON,
                        "{\"status\":\"ok\",\"version\":\"0.1.0\",\"checks\":{\"table\":\"ok\",\"queue\":\"ok\"%s}}"
                                .formatted(ACTIVE_MODEL)))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        200,
                        JSON,
                        "{\"status\":\"ok\",\"version\":\"0.1.0\",\"checks\":{\"table\":\"ok\","
                                + "\"queue\":\"ok\",\"model\":{\"id\":\"m\","
                                + "\"lifecycle\":\"LEGACY\","
                                + "\"endOfLife\":\"2027-06-01T00:00:00Z\",\"detail\":\"switch\"}}}"))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        503,
                        JSON,
                        ("{\"status\":\"degraded\",\"version\":\"0.1.0\","
                                        + "\"checks\":{\"table\":\"unreachable\",\"queue\":\"ok\"%s}}")
                                .formatted(ACTIVE_MODEL)))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        503,
                        JSON,
                        "{\"status\":\"degraded\",\"version\":\"0.1.0\","
                                + "\"checks\":{\"table\":\"ok\",\"queue\":\"ok\",\"model\":{\"id\":\"m\","
                                + "\"lifecycle\":\"NOT_FOUND\",\"detail\":\"gone\"}}}"))
                .isEmpty();
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        200,
                        JSON,
                        "{\"status\":\"ok\",\"version\":\"0.1.0\",\"checks\":{\"table\":\"ok\","
                                + "\"queue\":\"ok\",\"model\":{\"id\":\"m\","
                                + "\"lifecycle\":\"NOT_FOUND\"}}}"))
                .as("a model Bedrock does not know is never a healthy 200")
                .isNotEmpty();
    }

    @Test
    void assertConformsPassesQuietly() {
        assertThatCode(() -> CONTRACT.assertConforms("POST", "/summarize", 202, acceptedHeaders(), ACCEPTED))
                .doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ violations

    @Test
    void missingRequiredField() {
        String body = ACCEPTED.replace("\"reportId\":\"" + REPORT + "\",", "");
        assertThat(CONTRACT.violations("POST", "/summarize", 202, acceptedHeaders(), body))
                .singleElement()
                .asString()
                .contains("body")
                .contains("reportId");
    }

    @Test
    void extraField() {
        String body = ACCEPTED.replace("{", "{\"text\":\"leaked patient text\",");
        assertThat(CONTRACT.violations("POST", "/summarize", 202, acceptedHeaders(), body))
                .singleElement()
                .asString()
                .contains("text")
                .contains("additional properties");
    }

    @Test
    void extraFieldInANestedProblem() {
        String body = problem(400, ",\"stackTrace\":\"at io.medsum...\"");
        assertThat(CONTRACT.violations("POST", "/summarize", 400, PROBLEM, body))
                .singleElement()
                .asString()
                .contains("stackTrace");
    }

    @Test
    void wrongStatusCode() {
        assertThat(CONTRACT.violations("POST", "/summarize", 200, acceptedHeaders(), ACCEPTED))
                .singleElement()
                .asString()
                .contains("status 200 is not declared")
                .contains("202");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 410, PROBLEM, problem(410, "")))
                .singleElement()
                .asString()
                .contains("status 410 is not declared");
    }

    @Test
    void wrongContentType() {
        assertThat(CONTRACT.violations("POST", "/summarize", 400, JSON, problem(400, "")))
                .singleElement()
                .asString()
                .contains("Content-Type application/json does not match")
                .contains("application/problem+json");
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        200,
                        Map.of("Content-Type", "text/plain"),
                        "{\"status\":\"ok\",\"version\":\"1\",\"checks\":{\"table\":\"ok\",\"queue\":\"ok\"%s}}"
                                .formatted(ACTIVE_MODEL)))
                .singleElement()
                .asString()
                .contains("text/plain");
        assertThat(CONTRACT.violations("GET", "/", 200, Map.of(), "{\"status\":\"ok\",\"version\":\"1\"}"))
                .singleElement()
                .asString()
                .contains("Content-Type header is missing");
        assertThat(CONTRACT.violations(
                        "GET",
                        "/",
                        200,
                        Map.of("Content-Type", "application/json; charset=ISO-8859-1"),
                        "{\"status\":\"ok\",\"version\":\"1\"}"))
                .singleElement()
                .asString()
                .contains("charset");
    }

    @Test
    void undeclaredPath() {
        assertThat(CONTRACT.violations("GET", "/reports", 200, JSON, "{}"))
                .singleElement()
                .asString()
                .contains("path is not declared");
        assertThat(CONTRACT.violations("GET", "/reports/P1/R1/extra", 200, JSON, "{}"))
                .singleElement()
                .asString()
                .contains("path is not declared");
        assertThat(CONTRACT.violations("GET", "/reports//" + REPORT, 200, JSON, SUCCESS_VIEW))
                .singleElement()
                .asString()
                .contains("path is not declared");
    }

    @Test
    void undeclaredMethod() {
        assertThat(CONTRACT.violations("DELETE", REPORT_PATH, 204, Map.of(), null))
                .singleElement()
                .asString()
                .contains("method DELETE is not declared")
                .contains("GET");
    }

    @Test
    void missingRequiredHeaders() {
        assertThat(CONTRACT.violations("POST", "/summarize", 202, without(acceptedHeaders(), "Location"), ACCEPTED))
                .singleElement()
                .asString()
                .contains("header Location is missing");
        assertThat(CONTRACT.violations("POST", "/summarize", 202, without(acceptedHeaders(), "Retry-After"), ACCEPTED))
                .singleElement()
                .asString()
                .contains("header Retry-After is missing");
    }

    @Test
    void locationMustEqualStatusUrl() {
        assertThat(CONTRACT.violations(
                        "POST",
                        "/summarize",
                        202,
                        with(acceptedHeaders(), "Location", "/v1/reports/other/" + REPORT),
                        ACCEPTED))
                .singleElement()
                .asString()
                .contains("differs from the body's /statusUrl");
    }

    @Test
    void headerValuesAreChecked() {
        assertThat(CONTRACT.violations(
                        "POST",
                        "/summarize",
                        202,
                        with(acceptedHeaders(), "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
                        ACCEPTED))
                .singleElement()
                .asString()
                .contains("header Retry-After");
        assertThat(CONTRACT.violations(
                        "POST", "/summarize", 202, with(acceptedHeaders(), "Idempotency-Replayed", "yes"), ACCEPTED))
                .singleElement()
                .asString()
                .contains("header Idempotency-Replayed");
    }

    @Test
    void retryAfterIsRequiredOnlyWhileNotTerminal() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, reportView("PROCESSING", "")))
                .singleElement()
                .asString()
                .contains("header Retry-After is missing")
                .contains("PENDING");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, reportView("PENDING", "")))
                .hasSize(1);
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, SUCCESS_VIEW))
                .isEmpty();
    }

    @Test
    void successWithoutSummary() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, reportView("SUCCESS", "")))
                .isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains("summary"));
    }

    @Test
    void failedWithoutError() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, reportView("FAILED", "")))
                .isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains("error"));
    }

    @Test
    void wrongTypesAndValues() {
        String millis = SUCCESS_VIEW.replace("1717430400", "1717430400000");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, millis))
                .singleElement()
                .asString()
                .contains("/createdAt");
        String badStatus = reportView("DONE", "");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, badStatus))
                .anySatisfy(v -> assertThat(v).contains("/status"));
        String stringAttempts = SUCCESS_VIEW.replace("\"attempts\":1", "\"attempts\":\"1\"");
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 200, JSON, stringAttempts))
                .singleElement()
                .asString()
                .contains("/attempts");
    }

    @Test
    void problemStatusMustEqualHttpStatus() {
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 404, PROBLEM, problem(400, "")))
                .singleElement()
                .asString()
                .contains("problem status 400 differs from the HTTP status 404");
    }

    @Test
    void problemMissingDetail() {
        String body = "{\"type\":\"urn:problem:medsum:x\",\"title\":\"T\",\"status\":404}";
        assertThat(CONTRACT.violations("GET", REPORT_PATH, 404, PROBLEM, body))
                .singleElement()
                .asString()
                .contains("detail");
    }

    @Test
    void batchItemOfNeitherShape() {
        String body = """
                {"accepted":0,"rejected":1,"results":[{"index":0,"patientId":"P-000123",
                 "error":{"type":"urn:problem:medsum:validation","title":"Invalid","status":400,"detail":"bad"}}]}
                """;
        assertThat(CONTRACT.violations("POST", "/reports/batch", 202, JSON, body))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).contains("/results/0"));
    }

    @Test
    void healthDegradedMustSayWhich() {
        assertThat(CONTRACT.violations(
                        "GET",
                        "/health",
                        503,
                        JSON,
                        "{\"status\":\"degraded\",\"version\":\"1\",\"checks\":{\"table\":\"ok\",\"queue\":\"ok\"}}"))
                .isNotEmpty();
        assertThat(CONTRACT.violations("GET", "/health", 200, JSON, "{\"status\":\"ok\",\"version\":\"1\"}"))
                .singleElement()
                .asString()
                .contains("checks");
    }

    @Test
    void bodyNotJsonOrMissing() {
        assertThat(CONTRACT.violations("GET", "/", 200, JSON, "ok"))
                .singleElement()
                .asString()
                .contains("not JSON");
        assertThat(CONTRACT.violations("GET", "/", 200, JSON, ""))
                .singleElement()
                .asString()
                .contains("body is empty");
    }

    @Test
    void successForARequestTheContractRejects() {
        String page = "{\"items\":[],\"nextCursor\":null}";
        assertThat(CONTRACT.violations("GET", "/patients/P-000123/reports?limit=0", 200, JSON, page))
                .singleElement()
                .asString()
                .contains("query parameter limit '0'");
        assertThat(CONTRACT.violations("GET", "/patients/P-000123/reports?limit=ten", 200, JSON, page))
                .singleElement()
                .asString()
                .contains("query parameter limit 'ten'");
        assertThat(CONTRACT.violations("GET", "/reports/bad%20id/" + REPORT, 200, JSON, SUCCESS_VIEW))
                .singleElement()
                .asString()
                .contains("path parameter patientId 'bad id'");
        assertThat(CONTRACT.violations("GET", "/reports/" + PATIENT + "/not-a-report-id", 200, JSON, SUCCESS_VIEW))
                .singleElement()
                .asString()
                .contains("path parameter reportId");
    }

    @Test
    void assertConformsListsEveryViolation() {
        String body = ACCEPTED.replace("\"status\":\"PENDING\"", "\"status\":\"DONE\"");
        assertThatThrownBy(() -> CONTRACT.assertConforms(
                        "POST", "/summarize", 202, without(acceptedHeaders(), "Location"), body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 contract violation(s)")
                .hasMessageContaining("header Location is missing")
                .hasMessageContaining("/status");
    }

    // ------------------------------------------------------------------ path matching

    @Test
    void literalSegmentsAndTemplates() {
        assertThat(CONTRACT.matchPath("/reports/batch")).contains("/reports/batch");
        assertThat(CONTRACT.matchPath("/reports/abc/REPORT-01H")).contains("/reports/{patientId}/{reportId}");
        assertThat(CONTRACT.matchPath("/patients/abc/reports")).contains("/patients/{patientId}/reports");
        assertThat(CONTRACT.matchPath("/")).contains("/");
        assertThat(CONTRACT.matchPath("/health")).contains("/health");
        assertThat(CONTRACT.matchPath("/nope")).isEmpty();
    }

    @Test
    void queryStringAndServerBasePathAreIgnored() {
        assertThat(CONTRACT.matchPath("/patients/abc/reports?limit=5&cursor=x"))
                .contains("/patients/{patientId}/reports");
        assertThat(CONTRACT.matchPath("/v1/health")).contains("/health");
        assertThat(CONTRACT.matchPath("/v1")).contains("/");
        assertThat(CONTRACT.matchPath("/v1/")).contains("/");
    }

    @Test
    void requestParameters() {
        assertThat(CONTRACT.validateRequestParameters("GET", "/patients/P-1/reports?limit=100&cursor=abc"))
                .isEmpty();
        assertThat(CONTRACT.validateRequestParameters("GET", "/patients/P-1/reports"))
                .isEmpty();
        assertThat(CONTRACT.validateRequestParameters("GET", "/patients/P-1/reports?limit=101"))
                .singleElement()
                .asString()
                .contains("limit");
        assertThat(CONTRACT.validateRequestParameters("GET", "/patients/P-1/reports?cursor="))
                .singleElement()
                .asString()
                .contains("cursor");
        assertThat(CONTRACT.validateRequestParameters("GET", "/reports/P-1/" + REPORT))
                .isEmpty();
        assertThat(CONTRACT.validateRequestParameters("GET", "/health")).isEmpty();
    }

    @Test
    void declaredStatuses() {
        assertThat(CONTRACT.declaredStatuses("POST", "/summarize"))
                .containsExactlyInAnyOrder("202", "400", "403", "409", "413", "415", "422", "429", "500", "503");
        assertThat(CONTRACT.declaredStatuses("GET", "/nope")).isEmpty();
    }

    // ------------------------------------------------------------------ request bodies

    @Test
    void validSummarize() {
        assertThat(CONTRACT.validateRequestBody(
                        "POST",
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"x\","
                                + "\"sourceSystem\":\"Lab System\",\"metadata\":{\"urgency\":\"LOW\"}}"))
                .isEmpty();
    }

    @Test
    void invalidSummarize() {
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", "{\"patientId\":\"P 1\",\"text\":\"\"}"))
                .hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("/patientId"))
                .anySatisfy(v -> assertThat(v).contains("/text"));
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", "{\"text\":\"x\"}"))
                .singleElement()
                .asString()
                .contains("patientId");
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", "[]")).isNotEmpty();
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", "{"))
                .singleElement()
                .asString()
                .contains("not JSON");
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", null))
                .singleElement()
                .asString()
                .contains("required");
    }

    @Test
    void textIsLimitedInUtf8Bytes() {
        String ascii = "{\"patientId\":\"P\",\"text\":\"" + "a".repeat(51_200) + "\"}";
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", ascii)).isEmpty();
        String twoByteChars = "{\"patientId\":\"P\",\"text\":\"" + "\u00e9".repeat(25_600) + "\"}";
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", twoByteChars))
                .isEmpty();
        String tooManyBytes = "{\"patientId\":\"P\",\"text\":\"" + "\u00e9".repeat(25_601) + "\"}";
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", tooManyBytes))
                .singleElement()
                .asString()
                .contains("/text")
                .contains("51202 UTF-8 bytes");
        String tooManyChars = "{\"patientId\":\"P\",\"text\":\"" + "a".repeat(51_201) + "\"}";
        assertThat(CONTRACT.validateRequestBody("POST", "/summarize", tooManyChars))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v).contains("/text"));
    }

    @Test
    void metadataLimits() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        many.append("}");
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/summarize", "{\"patientId\":\"P\",\"text\":\"x\",\"metadata\":" + many + "}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST",
                        "/summarize",
                        "{\"patientId\":\"P\",\"text\":\"x\",\"metadata\":{\"a\":\"" + "v".repeat(257) + "\"}}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/summarize", "{\"patientId\":\"P\",\"text\":\"x\",\"metadata\":{\"bad key\":\"v\"}}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/summarize", "{\"patientId\":\"P\",\"text\":\"x\",\"metadata\":{\"a\":1}}"))
                .isNotEmpty();
    }

    @Test
    void batch() {
        String item = "{\"patientId\":\"P\",\"text\":\"x\",\"idempotencyKey\":\"k-1\"}";
        assertThat(CONTRACT.validateRequestBody("POST", "/reports/batch", "{\"reports\":[" + item + "]}"))
                .isEmpty();
        assertThat(CONTRACT.validateRequestBody("POST", "/reports/batch", "{\"reports\":[]}"))
                .isNotEmpty();
        String tooMany = "{\"reports\":[" + String.join(",", Collections.nCopies(101, item)) + "]}";
        assertThat(CONTRACT.validateRequestBody("POST", "/reports/batch", tooMany))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST",
                        "/reports/batch",
                        "{\"reports\":[{\"patientId\":\"P\",\"text\":\"x\",\"idempotencyKey\":\"\"}]}"))
                .isNotEmpty();
    }

    @Test
    void noBodyDeclared() {
        assertThat(CONTRACT.validateRequestBody("GET", "/health", null)).isEmpty();
        assertThat(CONTRACT.validateRequestBody("GET", "/health", "{}"))
                .singleElement()
                .asString()
                .contains("not declared");
        assertThat(CONTRACT.validateRequestBody("PUT", "/summarize", "{}"))
                .singleElement()
                .asString()
                .contains("method PUT is not declared");
    }

    // ------------------------------------------------------------------ as strict as the server

    @Test
    void unknownMembersAreRefusedAsTheServerRefusesThem() {
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/summarize", "{\"patientId\":\"P\",\"text\":\"x\",\"extra\":1}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/reports/batch", "{\"reports\":[{\"patientId\":\"P\",\"text\":\"x\",\"extra\":1}]}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/reports/batch", "{\"reports\":[{\"patientId\":\"P\",\"text\":\"x\"}],\"more\":1}"))
                .isNotEmpty();
        assertThat(CONTRACT.validateRequestBody(
                        "POST", "/summarize", "{\"patientId\":\"P\",\"text\":\"x\",\"idempotencyKey\":\"k\"}"))
                .as("idempotencyKey is a batch item's member only")
                .isNotEmpty();
    }

    @Test
    void nullsTheServerTakesAsAbsentAreAccepted() {
        assertThat(CONTRACT.validateRequestBody(
                        "POST",
                        "/summarize",
                        "{\"patientId\":\"P\",\"text\":\"x\",\"sourceSystem\":null,\"metadata\":null}"))
                .isEmpty();
    }

    @Test
    void gatewayRefusalsAreDeclaredOnEveryOperation() {
        String forbidden = "{\"type\":\"urn:problem:medsum:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"The API key is missing or invalid\"}";
        String throttled = "{\"type\":\"urn:problem:medsum:throttled\",\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"Slow down and retry\"}";
        for (String operation : CONTRACT.operations()) {
            String method = operation.split(" ")[0];
            String path =
                    operation.split(" ")[1].replace("{patientId}", PATIENT).replace("{reportId}", REPORT);
            assertThat(CONTRACT.violations(method, path, 403, PROBLEM, forbidden))
                    .as(operation)
                    .isEmpty();
            assertThat(CONTRACT.violations(method, path, 403, Map.of("Content-Type", "application/json"), forbidden))
                    .as(operation)
                    .isEmpty();
            assertThat(CONTRACT.violations(method, path, 429, PROBLEM, throttled))
                    .as(operation)
                    .isEmpty();
        }
    }
}
