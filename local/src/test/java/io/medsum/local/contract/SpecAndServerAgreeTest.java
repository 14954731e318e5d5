package io.medsum.local.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * openapi.yaml is exactly as strict as the server, in both directions, as an independent OpenAPI 3.1 validator
 * ({@code io.vertx:vertx-openapi}, see {@link SpecJudge}) reads it.
 *
 * <p>Every request of the table goes, the same but for the spec's base path {@code /v1}, to the validator and over real
 * HTTP through the local API Gateway of {@code ./medsum local}'s stack to the real functions. For each one:
 *
 * <ul>
 *   <li>the validator admits it exactly when the table says the API admits it, and refuses it otherwise;
 *   <li>the server agrees: a 2xx for an admitted request, a 4xx for a refused one. A batch is admitted only if every
 *       item is accepted: the server answers a batch with bad items 202 and refuses those items one by one, and the
 *       spec refuses the whole request, since each item must be a valid report. A 404 for a report that does not exist
 *       is not a verdict on the request: the spec admits the request, and the server finds nothing;
 *   <li>the only requests the server refuses and the validator admits are those of {@link Verdict#BEYOND_JSON_SCHEMA},
 *       whose rules openapi.yaml states in words because JSON Schema cannot;
 *   <li>the answer, whatever its status, conforms to the response openapi.yaml declares for that status.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpecAndServerAgreeTest {
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    /** What the API does with a request. */
    enum Verdict {
        /** Valid: the spec admits it and the server answers 2xx (a batch: every item accepted). */
        ADMITTED,
        /** Invalid: the spec refuses it and the server answers a 4xx other than 403 and 404. */
        REFUSED,
        /** Valid, for a report that does not exist: the spec admits it and the server answers 404. */
        NOT_FOUND,
        /**
         * Invalid by a rule JSON Schema cannot state, which openapi.yaml gives in words or an extension: text over
         * 51,200 bytes of UTF-8 within {@code maxLength} characters ({@code x-max-utf8-bytes}; JSON Schema counts
         * characters), and a member named twice (a validator sees the parsed object, one of the two). The validator
         * admits it; the server answers a 4xx other than 403 and 404.
         */
        BEYOND_JSON_SCHEMA
    }

    /**
     * One request. In the target, {@code {patient}} and {@code {report}} name a report awaiting review that nothing
     * decides, {@code {approvable}} and {@code {rejectable}} two more that the table decides once each, and
     * {@code {cursor}} a listing cursor for {@code {patient}}.
     */
    record Row(
            String operationId,
            String name,
            Verdict expected,
            String method,
            String target,
            Map<String, String> headers,
            String body) {
        @Override
        public String toString() {
            return operationId + ": " + name + " -> " + expected;
        }
    }

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String TEXT = "HISTORY: A 54-year-old man with two days of productive cough and fever. "
            + "ASSESSMENT: Community-acquired pneumonia. PLAN: Amoxicillin 1 g three times daily for five days.";
    private static final String MAX_TEXT_BYTES_PLUS_ONE = "x".repeat(51_201);

    private LocalStack stack;
    private SpecJudge judge;
    private HttpClient http;
    private final Map<String, String> fixture = new LinkedHashMap<>();

    @BeforeAll
    void start(@TempDir Path stateDirectory) {
        judge = SpecJudge.start(OpenApiContract.locate());
        stack = LocalStack.start(new LocalStack.Config(stateDirectory, 0, true, LocalPipeline.Options.inMemory()));
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        // Every summary alters one fact, so each seeded report awaits a review decision.
        stack.pipeline().bedrock().faults().hallucinationRate(1.0);
        String patient = "P-contract-" + ProcessHandle.current().pid();
        fixture.put("{patient}", patient);
        fixture.put("{report}", seed(patient));
        fixture.put("{approvable}", seed(patient));
        fixture.put("{rejectable}", seed(patient));
        assertThat(stack.pipeline().drain(GIVE_UP))
                .as("the seeded reports were summarized")
                .isTrue();
        for (String report : List.of("{report}", "{approvable}", "{rejectable}")) {
            JsonObject view =
                    new JsonObject(server(get("/reports/{patient}/" + report)).bodyText());
            assertThat(view.getString("status")).as(view.encode()).isEqualTo("NEEDS_REVIEW");
        }
        String nextCursor = new JsonObject(
                        server(get("/patients/{patient}/reports?limit=1")).bodyText())
                .getString("nextCursor");
        assertThat(nextCursor).as("a cursor to the second page").isNotNull();
        fixture.put("{cursor}", nextCursor);
        Answer webhook =
                server(post("", "fixture", Verdict.ADMITTED, "/webhooks", "{\"url\":\"http://127.0.0.1:9/fixture\"}"));
        assertThat(webhook.status()).as(webhook.bodyText()).isEqualTo(201);
        fixture.put("{webhook}", new JsonObject(webhook.bodyText()).getString("id"));
    }

    private String seed(String patient) {
        Answer accepted = server(post(
                "summarize",
                "seed",
                Verdict.ADMITTED,
                "/summarize",
                "{\"patientId\":\"" + patient + "\",\"text\":\"" + TEXT + "\"}"));
        assertThat(accepted.status()).as(accepted.bodyText()).isEqualTo(202);
        return new JsonObject(accepted.bodyText()).getString("reportId");
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (judge != null) {
            judge.close();
        }
    }

    // ------------------------------------------------------------------ the table

    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(summarize());
        rows.addAll(batch());
        rows.addAll(getReport());
        rows.addAll(listPatientReports());
        rows.addAll(review());
        rows.add(get("getRoot", "liveness", Verdict.ADMITTED, "/"));
        rows.add(get("getHealth", "deep health check", Verdict.ADMITTED, "/health"));
        rows.addAll(webhooks());
        return rows;
    }

    private static List<Row> summarize() {
        String op = "summarize";
        return List.of(
                post(op, "every member", Verdict.ADMITTED, "/summarize", report("")),
                post(op, "only the required members", Verdict.ADMITTED, "/summarize", minimal("")),
                post(
                        op,
                        "sourceSystem and metadata null",
                        Verdict.ADMITTED,
                        "/summarize",
                        minimal(",\"sourceSystem\":null,\"metadata\":null")),
                post(op, "20 metadata keys", Verdict.ADMITTED, "/summarize", minimal(",\"metadata\":" + metadata(20))),
                with(
                        post(op, "an Idempotency-Key", Verdict.ADMITTED, "/summarize", report("")),
                        "Idempotency-Key",
                        "contract-" + ProcessHandle.current().pid()),
                with(
                        post(op, "a 256-character Idempotency-Key", Verdict.REFUSED, "/summarize", report("")),
                        "Idempotency-Key",
                        "k".repeat(256)),
                post(op, "an unknown member", Verdict.REFUSED, "/summarize", report(",\"priority\":\"HIGH\"")),
                post(
                        op,
                        "text with tab, CR and LF",
                        Verdict.ADMITTED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"HISTORY:\\tcough.\\r\\nPLAN: rest.\"}"),
                post(
                        op,
                        "text only whitespace",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\" \\t\\r\\n \"}"),
                post(
                        op,
                        "text only no-break and zero-width spaces",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"\\u00a0\\u200b\\ufeff\"}"),
                post(
                        op,
                        "text with an escape character",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"\\u001b[2J chest pain\"}"),
                post(
                        op,
                        "text with a C1 control character",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"chest\\u0085pain\"}"),
                post(
                        op,
                        "text within the character limit but over the byte limit",
                        Verdict.BEYOND_JSON_SCHEMA,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"" + "\u20ac".repeat(20_000) + "\"}"),
                post(op, "patientId '.'", Verdict.REFUSED, "/summarize", "{\"patientId\":\".\",\"text\":\"t\"}"),
                post(op, "patientId '..'", Verdict.REFUSED, "/summarize", "{\"patientId\":\"..\",\"text\":\"t\"}"),
                post(op, "sourceSystem empty", Verdict.REFUSED, "/summarize", minimal(",\"sourceSystem\":\"\"")),
                post(
                        op,
                        "metadata urgency not LOW, MEDIUM or HIGH",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"urgency\":\"URGENT\"}")),
                post(
                        op,
                        "metadata urgency in lower case",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"urgency\":\"high\"}")),
                post(
                        op,
                        "a metadata value with a control character",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"physician\":\"Dr.\\u0007Grey\"}")),
                post(
                        op,
                        "a metadata key of 65 characters",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"" + "k".repeat(65) + "\":\"v\"}")),
                post(op, "patientId missing", Verdict.REFUSED, "/summarize", "{\"text\":\"" + TEXT + "\"}"),
                post(op, "text missing", Verdict.REFUSED, "/summarize", "{\"patientId\":\"P-1\"}"),
                post(op, "text a number", Verdict.REFUSED, "/summarize", "{\"patientId\":\"P-1\",\"text\":42}"),
                post(op, "patientId a number", Verdict.REFUSED, "/summarize", "{\"patientId\":1,\"text\":\"t\"}"),
                post(op, "text empty", Verdict.REFUSED, "/summarize", "{\"patientId\":\"P-1\",\"text\":\"\"}"),
                post(
                        op,
                        "text over the limit",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"" + MAX_TEXT_BYTES_PLUS_ONE + "\"}"),
                post(
                        op,
                        "patientId of 65 characters",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"" + "p".repeat(65) + "\",\"text\":\"t\"}"),
                post(
                        op,
                        "patientId with a slash",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P/1\",\"text\":\"t\"}"),
                post(
                        op,
                        "sourceSystem with a '<'",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"sourceSystem\":\"<x>\"")),
                post(
                        op,
                        "sourceSystem of 65 characters",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"sourceSystem\":\"" + "s".repeat(65) + "\"")),
                post(op, "sourceSystem a number", Verdict.REFUSED, "/summarize", minimal(",\"sourceSystem\":7")),
                post(op, "metadata an array", Verdict.REFUSED, "/summarize", minimal(",\"metadata\":[\"a\"]")),
                post(
                        op,
                        "a metadata value a number",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"a\":1}")),
                post(
                        op,
                        "a metadata value of 257 characters",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"a\":\"" + "v".repeat(257) + "\"}")),
                post(
                        op,
                        "a metadata key with a space",
                        Verdict.REFUSED,
                        "/summarize",
                        minimal(",\"metadata\":{\"a b\":\"v\"}")),
                post(op, "21 metadata keys", Verdict.REFUSED, "/summarize", minimal(",\"metadata\":" + metadata(21))),
                post(op, "a JSON array", Verdict.REFUSED, "/summarize", "[" + minimal("") + "]"),
                post(op, "not JSON", Verdict.REFUSED, "/summarize", "{\"patientId\":"),
                withContentType(
                        post(op, "Content-Type with charset=utf-8", Verdict.ADMITTED, "/summarize", minimal("")),
                        "application/json; charset=utf-8"),
                // Media types are case-insensitive (RFC 9110 8.3.1) and the server takes "Application/JSON", but
                // vertx-openapi compares them case-sensitively: no row for that one.
                post(
                        op,
                        "a duplicate member",
                        Verdict.BEYOND_JSON_SCHEMA,
                        "/summarize",
                        minimal(",\"patientId\":\"P-2\"")),
                post(
                        op,
                        "text with a lone surrogate",
                        Verdict.REFUSED,
                        "/summarize",
                        "{\"patientId\":\"P-1\",\"text\":\"a\\ud800b\"}"),
                post(op, "trailing data after the JSON", Verdict.REFUSED, "/summarize", minimal("") + "{}"),
                withContentType(post(op, "no Content-Type", Verdict.REFUSED, "/summarize", minimal("")), null),
                withContentType(
                        post(op, "Content-Type text/plain", Verdict.REFUSED, "/summarize", minimal("")), "text/plain"),
                withContentType(
                        post(op, "Content-Type application/xml", Verdict.REFUSED, "/summarize", minimal("")),
                        "application/xml"));
    }

    private static List<Row> batch() {
        String op = "submitBatch";
        String path = "/reports/batch";
        return List.of(
                post(op, "one report", Verdict.ADMITTED, path, reports(report(""))),
                post(
                        op,
                        "two reports, one with its own idempotencyKey",
                        Verdict.ADMITTED,
                        path,
                        reports(minimal(""), minimal(",\"idempotencyKey\":\"item-key-1\""))),
                post(op, "100 reports", Verdict.ADMITTED, path, reports(copies(100))),
                with(
                        post(op, "a 254-character Idempotency-Key", Verdict.ADMITTED, path, reports(minimal(""))),
                        "Idempotency-Key",
                        "b".repeat(250) + ProcessHandle.current().pid() % 10_000),
                post(op, "101 reports", Verdict.REFUSED, path, reports(copies(101))),
                post(op, "no reports", Verdict.REFUSED, path, "{\"reports\":[]}"),
                post(op, "reports missing", Verdict.REFUSED, path, "{}"),
                post(op, "reports an object", Verdict.REFUSED, path, "{\"reports\":" + minimal("") + "}"),
                post(
                        op,
                        "an unknown envelope member",
                        Verdict.REFUSED,
                        path,
                        "{\"reports\":[" + minimal("") + "],\"callback\":\"https://example.com\"}"),
                post(op, "an item with an unknown member", Verdict.REFUSED, path, reports(minimal(",\"x\":1"))),
                post(op, "an item without text", Verdict.REFUSED, path, reports("{\"patientId\":\"P-1\"}")),
                post(
                        op,
                        "an item with urgency URGENT",
                        Verdict.REFUSED,
                        path,
                        reports(minimal(""), minimal(",\"metadata\":{\"urgency\":\"URGENT\"}"))),
                post(
                        op,
                        "an item with a 256-character idempotencyKey",
                        Verdict.REFUSED,
                        path,
                        reports(minimal(",\"idempotencyKey\":\"" + "i".repeat(256) + "\""))),
                post(op, "an item that is a string", Verdict.REFUSED, path, reports("\"report\"")),
                withContentType(
                        post(op, "Content-Type text/plain", Verdict.REFUSED, path, reports(minimal(""))),
                        "text/plain"));
    }

    private static List<Row> getReport() {
        String op = "getReport";
        return List.of(
                get(op, "an existing report", Verdict.ADMITTED, "/reports/{patient}/{report}"),
                get(
                        op,
                        "a report that does not exist",
                        Verdict.NOT_FOUND,
                        "/reports/{patient}/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA"),
                get(
                        op,
                        "a reportId without the REPORT- prefix",
                        Verdict.REFUSED,
                        "/reports/{patient}/01HZX3K9V7Q2W8E5R4T6Y1M0PA"),
                get(
                        op,
                        "a reportId in lower case",
                        Verdict.REFUSED,
                        "/reports/{patient}/REPORT-01hzx3k9v7q2w8e5r4t6y1m0pa"),
                get(op, "a reportId too short", Verdict.REFUSED, "/reports/{patient}/REPORT-01HZX3K9V7"),
                get(
                        op,
                        "a reportId with a U (not Crockford)",
                        Verdict.REFUSED,
                        "/reports/{patient}/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PU"),
                get(op, "a patientId with a space", Verdict.REFUSED, "/reports/P%201/{report}"),
                get(op, "a patientId with a '!'", Verdict.REFUSED, "/reports/P!1/{report}"),
                get(op, "a patientId with an encoded slash", Verdict.REFUSED, "/reports/P%2F1/{report}"),
                get(op, "a patientId of 65 characters", Verdict.REFUSED, "/reports/" + "p".repeat(65) + "/{report}"));
    }

    private static List<Row> listPatientReports() {
        String op = "listPatientReports";
        String path = "/patients/{patient}/reports";
        return List.of(
                get(op, "the first page", Verdict.ADMITTED, path),
                get(op, "limit 1", Verdict.ADMITTED, path + "?limit=1"),
                get(op, "limit 100", Verdict.ADMITTED, path + "?limit=100"),
                get(op, "the next page", Verdict.ADMITTED, path + "?limit=1&cursor={cursor}"),
                get(op, "a patient without reports", Verdict.ADMITTED, "/patients/P-nobody/reports"),
                get(op, "an unknown query parameter", Verdict.ADMITTED, path + "?sort=asc"),
                get(op, "limit twice", Verdict.ADMITTED, path + "?limit=1&limit=2"),
                get(op, "limit with a plus sign", Verdict.REFUSED, path + "?limit=%2B5"),
                get(op, "limit with a leading zero", Verdict.REFUSED, path + "?limit=05"),
                get(op, "limit 0", Verdict.REFUSED, path + "?limit=0"),
                get(op, "limit 101", Verdict.REFUSED, path + "?limit=101"),
                get(op, "limit -1", Verdict.REFUSED, path + "?limit=-1"),
                get(op, "limit not a number", Verdict.REFUSED, path + "?limit=ten"),
                get(op, "limit not an integer", Verdict.REFUSED, path + "?limit=1.5"),
                get(op, "an empty cursor", Verdict.REFUSED, path + "?cursor="),
                get(op, "a cursor of 4097 characters", Verdict.REFUSED, path + "?cursor=" + "c".repeat(4097)),
                get(op, "a patientId with a '!'", Verdict.REFUSED, "/patients/P!1/reports"),
                get(op, "a patientId of 65 characters", Verdict.REFUSED, "/patients/" + "p".repeat(65) + "/reports"));
    }

    private static List<Row> review() {
        String op = "reviewReport";
        String path = "/reports/{patient}/{report}/review";
        return List.of(
                post(
                        op,
                        "approve",
                        Verdict.ADMITTED,
                        "/reports/{patient}/{approvable}/review",
                        "{\"decision\":\"approve\"}"),
                post(
                        op,
                        "reject with a comment",
                        Verdict.ADMITTED,
                        "/reports/{patient}/{rejectable}/review",
                        "{\"decision\":\"reject\",\"comment\":\"The dose is wrong.\"}"),
                post(
                        op,
                        "a report that does not exist",
                        Verdict.NOT_FOUND,
                        "/reports/{patient}/REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA/review",
                        "{\"decision\":\"approve\"}"),
                post(op, "a decision not in the enum", Verdict.REFUSED, path, "{\"decision\":\"maybe\"}"),
                post(op, "a decision in upper case", Verdict.REFUSED, path, "{\"decision\":\"APPROVE\"}"),
                post(op, "decision missing", Verdict.REFUSED, path, "{\"comment\":\"ok\"}"),
                post(op, "decision a boolean", Verdict.REFUSED, path, "{\"decision\":true}"),
                post(op, "an unknown member", Verdict.REFUSED, path, "{\"decision\":\"approve\",\"by\":\"me\"}"),
                post(op, "an empty comment", Verdict.REFUSED, path, "{\"decision\":\"approve\",\"comment\":\"\"}"),
                post(
                        op,
                        "a comment of 2001 characters",
                        Verdict.REFUSED,
                        path,
                        "{\"decision\":\"approve\",\"comment\":\"" + "c".repeat(2001) + "\"}"),
                post(op, "a comment a number", Verdict.REFUSED, path, "{\"decision\":\"approve\",\"comment\":1}"),
                post(
                        op,
                        "a comment with a control character",
                        Verdict.REFUSED,
                        path,
                        "{\"decision\":\"approve\",\"comment\":\"ok\\u001b\"}"),
                post(op, "not JSON", Verdict.REFUSED, path, "decision=approve"),
                post(
                        op,
                        "a bad reportId",
                        Verdict.REFUSED,
                        "/reports/{patient}/REPORT-1/review",
                        "{\"decision\":\"approve\"}"),
                withContentType(
                        post(op, "Content-Type text/plain", Verdict.REFUSED, path, "{\"decision\":\"approve\"}"),
                        "text/plain"));
    }

    /**
     * Receivers on 127.0.0.1, which only the local stack admits: a public https name would need DNS, which a test
     * machine may lack. Destination rules (private addresses, allow-list) are beyond JSON Schema and tested in
     * notifier-function's HostileRegistrationsTest.
     */
    private static List<Row> webhooks() {
        String create = "createWebhook";
        String delete = "deleteWebhook";
        return List.of(
                post(
                        create,
                        "a local receiver for two types",
                        Verdict.ADMITTED,
                        "/webhooks",
                        "{\"url\":\"http://127.0.0.1:9/two\",\"events\":[\"report.succeeded\",\"report.failed\"]}"),
                post(create, "every type", Verdict.ADMITTED, "/webhooks", "{\"url\":\"http://127.0.0.1:9/all\"}"),
                post(create, "url missing", Verdict.REFUSED, "/webhooks", "{\"events\":[\"report.failed\"]}"),
                post(create, "url a number", Verdict.REFUSED, "/webhooks", "{\"url\":1}"),
                post(
                        create,
                        "an unknown type",
                        Verdict.REFUSED,
                        "/webhooks",
                        "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"report.exploded\"]}"),
                post(
                        create,
                        "an unknown member",
                        Verdict.REFUSED,
                        "/webhooks",
                        "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"mine\"}"),
                post(create, "not JSON", Verdict.REFUSED, "/webhooks", "url=http://127.0.0.1:9/x"),
                withContentType(
                        post(
                                create,
                                "Content-Type text/plain",
                                Verdict.REFUSED,
                                "/webhooks",
                                "{\"url\":\"http://127.0.0.1:9/x\"}"),
                        "text/plain"),
                get("listWebhooks", "the caller's webhooks", Verdict.ADMITTED, "/webhooks"),
                new Row(
                        delete,
                        "a registered webhook",
                        Verdict.ADMITTED,
                        "DELETE",
                        "/webhooks/{webhook}",
                        Map.of(),
                        null),
                new Row(
                        delete,
                        "a webhook that does not exist",
                        Verdict.NOT_FOUND,
                        "DELETE",
                        "/webhooks/wh_01HZX3K9V7Q2W8E5R4T6Y1M0PA",
                        Map.of(),
                        null),
                new Row(
                        delete,
                        "a malformed id",
                        Verdict.REFUSED,
                        "DELETE",
                        "/webhooks/not-a-webhook",
                        Map.of(),
                        null));
    }

    // ------------------------------------------------------------------ the checks

    @Test
    void theTableCoversEveryOperationBothWays() {
        Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
        for (Row row : table()) {
            verdicts.computeIfAbsent(row.operationId(), k -> new ArrayList<>()).add(row.expected());
        }
        List<String> operations = new ArrayList<>();
        judge.contract().operations().forEach(operation -> operations.add(operation.getOperationId()));
        assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(operations);
        verdicts.forEach((operation, expected) -> {
            assertThat(expected).as(operation).contains(Verdict.ADMITTED);
            // Operations without inputs have nothing to refuse.
            if (!Set.of("getRoot", "getHealth", "listWebhooks").contains(operation)) {
                assertThat(expected).as(operation).contains(Verdict.REFUSED);
            }
        });
    }

    @TestFactory
    Stream<DynamicNode> theSpecAndTheServerGiveTheSameVerdictAndEveryAnswerConforms() {
        return table().stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> check(row)));
    }

    private void check(Row row) {
        Answer spec = send(judge.url(), row);
        Answer server = server(row);
        List<String> problems = new ArrayList<>();

        boolean specAdmits = spec.status() == 204;
        if (spec.status() != 204 && spec.status() != 422) {
            problems.add("the judge answered " + spec.status() + " " + spec.bodyText());
        } else if (specAdmits != (row.expected() != Verdict.REFUSED)) {
            problems.add("the spec " + (specAdmits ? "admits it" : "refuses it: " + spec.bodyText()));
        }
        Verdict serverVerdict = serverVerdict(row, server);
        if (serverVerdict != row.expected()) {
            problems.add("the server answered " + server.status() + " (" + serverVerdict + ")");
        }
        String violation = judge.responseViolation(row.operationId(), server.status(), server.headers(), server.body());
        if (violation != null) {
            problems.add("the " + server.status() + " answer does not conform: " + violation);
        }
        assertThat(problems)
                .as(
                        "%s %s answered %d %s",
                        row.method(), abbreviate(row.target()), server.status(), abbreviate(server.bodyText()))
                .isEmpty();
    }

    private static Verdict serverVerdict(Row row, Answer server) {
        int status = server.status();
        if (status >= 200 && status < 300) {
            if (row.operationId().equals("submitBatch")) {
                return new JsonObject(server.bodyText()).getInteger("rejected") == 0
                        ? Verdict.ADMITTED
                        : Verdict.REFUSED;
            }
            return Verdict.ADMITTED;
        }
        if (status == 404) {
            return Verdict.NOT_FOUND;
        }
        if (status >= 400 && status < 500 && status != 403 && row.expected() == Verdict.BEYOND_JSON_SCHEMA) {
            return Verdict.BEYOND_JSON_SCHEMA;
        }
        if (status >= 400 && status < 500 && status != 403) {
            return Verdict.REFUSED;
        }
        return null;
    }

    // ------------------------------------------------------------------ requests

    private static Row post(String operationId, String name, Verdict expected, String target, String body) {
        return new Row(operationId, name, expected, "POST", target, JSON, body);
    }

    private static Row get(String operationId, String name, Verdict expected, String target) {
        return new Row(operationId, name, expected, "GET", target, Map.of(), null);
    }

    private static Row get(String target) {
        return get("", "fixture", Verdict.ADMITTED, target);
    }

    private static Row with(Row row, String header, String value) {
        Map<String, String> headers = new LinkedHashMap<>(row.headers());
        headers.put(header, value);
        return new Row(row.operationId(), row.name(), row.expected(), row.method(), row.target(), headers, row.body());
    }

    /** The row with this Content-Type instead of application/json; null for none. */
    private static Row withContentType(Row row, String contentType) {
        return new Row(
                row.operationId(),
                row.name(),
                row.expected(),
                row.method(),
                row.target(),
                contentType == null ? Map.of() : Map.of("Content-Type", contentType),
                row.body());
    }

    private static String report(String extra) {
        return "{\"patientId\":\"P-000123\",\"text\":\"" + TEXT + "\",\"sourceSystem\":\"MedicalRecord\","
                + "\"metadata\":{\"physician\":\"Dr. Grey\",\"urgency\":\"HIGH\"}" + extra + "}";
    }

    private static String minimal(String extra) {
        return "{\"patientId\":\"P-000123\",\"text\":\"" + TEXT + "\"" + extra + "}";
    }

    private static String metadata(int keys) {
        JsonObject metadata = new JsonObject();
        for (int i = 0; i < keys; i++) {
            metadata.put("key" + i, "value");
        }
        return metadata.encode();
    }

    private static String reports(String... items) {
        return "{\"reports\":[" + String.join(",", items) + "]}";
    }

    private static String[] copies(int count) {
        String[] items = new String[count];
        for (int i = 0; i < count; i++) {
            items[i] = "{\"patientId\":\"P-batch-" + i + "\",\"text\":\"Report " + i + ": " + TEXT + "\"}";
        }
        return items;
    }

    /** What came back: status, headers (one value per name) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Answer server(Row row) {
        return send(URI.create(stack.info().apiUrl()), row);
    }

    private Answer send(URI base, Row row) {
        String target = row.target();
        for (Map.Entry<String, String> placeholder : fixture.entrySet()) {
            target = target.replace(placeholder.getKey(), placeholder.getValue());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + target))
                .timeout(GIVE_UP)
                .header("x-api-key", stack.info().apiKey())
                .method(
                        row.method(),
                        row.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(row.body(), StandardCharsets.UTF_8));
        row.headers().forEach(builder::header);
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(row.method() + " " + abbreviate(target), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
