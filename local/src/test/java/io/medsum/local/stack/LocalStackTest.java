package io.medsum.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.infra.LocalAwsClients;
import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** ./medsum local's stack, started the way the command does, driven over HTTP like a client would. */
class LocalStackTest {
    private static final Map<String, String> FAST =
            Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1", "MODEL_MAX_ATTEMPTS", "1");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateDir;

    private static LocalPipeline.Options options(Map<String, String> env) {
        return LocalPipeline.Options.inMemory().withEnvironment(env);
    }

    private HttpResponse<String> post(LocalStack stack, String path, String body, String apiKey) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.info().apiUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(LocalStack stack, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("x-api-key", stack.info().apiKey())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a status URL, honouring Retry-After but capped so the test stays fast, until a terminal status. */
    private JsonNode pollUntilFinished(LocalStack stack, String statusUrl) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var response = get(stack, statusUrl);
            JsonNode view = Json.parse(response.body());
            if (!view.path("status").asText().matches("PENDING|PROCESSING")) {
                return view;
            }
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(Math.min(200, retryAfter * 1000));
        }
        throw new AssertionError("Report did not finish within 60 s: " + statusUrl);
    }

    private static String reportJson(String patient) {
        return Json.write(Map.of(
                "patientId",
                patient,
                "text",
                "HISTORY: Cough for a week. ASSESSMENT: Acute bronchitis. PLAN: Fluids and rest; return if fever.",
                "metadata",
                Map.of("urgency", "LOW")));
    }

    @Test
    void aReportSubmittedOverHttpReachesSuccessAndIsStoredInDynamoDb() throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Config(stateDir, 0, true, options(FAST)))) {
            JsonNode localJson = Json.parse(Files.readString(stateDir.resolve("local.json")));
            for (String field : List.of(
                    "apiUrl",
                    "apiKey",
                    "region",
                    "sqsEndpoint",
                    "queueUrl",
                    "dlqUrl",
                    "dynamodbEndpoint",
                    "tableName",
                    "bedrockEndpoint",
                    "servicesEndpoint",
                    "auditLogGroup",
                    "eventsLogGroup",
                    "notificationBus",
                    "notificationsQueueUrl",
                    "notificationsDlqUrl",
                    "webhooksTable")) {
                assertThat(localJson.path(field).asText()).as(field).isNotBlank();
            }
            assertThat(localJson.get("apiUrl").asText()).startsWith("http://127.0.0.1:");

            var accepted = post(
                    stack,
                    "/summarize",
                    reportJson("PATIENT-E2E"),
                    localJson.get("apiKey").asText());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String statusUrl = accepted.headers().firstValue("Location").orElseThrow();
            assertThat(statusUrl).startsWith(stack.info().apiUrl() + "/reports/PATIENT-E2E/");

            JsonNode done = pollUntilFinished(stack, statusUrl);
            assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(done.get("summary").asText()).contains("bronchitis");

            try (var dynamo = LocalAwsClients.dynamoDb(
                    URI.create(localJson.get("dynamodbEndpoint").asText()))) {
                var item = dynamo.getItem(b -> b.tableName(
                                        localJson.get("tableName").asText())
                                .key(Map.of(
                                        "PatientID", AttributeValue.fromS("PATIENT-E2E"),
                                        "ReportID",
                                                AttributeValue.fromS(
                                                        done.get("reportId").asText()))))
                        .item();
                assertThat(item.get("ProcessingStatus").s()).isEqualTo("SUCCESS");
                assertThat(item.get("Summary").s())
                        .isEqualTo(done.get("summary").asText());
            }
            // The notification links to the report through this stack's gateway: API_URL is the gateway's own URL.
            try (var logs = LocalAwsClients.logs(
                    URI.create(localJson.get("servicesEndpoint").asText()))) {
                String reportId = done.get("reportId").asText();
                var published = logs.filterLogEvents(b -> b.logGroupName(
                                        localJson.get("eventsLogGroup").asText())
                                .filterPattern("\"" + reportId + "\""))
                        .events();
                assertThat(published)
                        .singleElement()
                        .satisfies(event -> assertThat(Json.parse(event.message())
                                        .at("/detail/data/statusUrl")
                                        .asText())
                                .isEqualTo(statusUrl));
            }
        }
        assertThat(stateDir.resolve("local.json")).doesNotExist();
    }

    @Test
    void theGatewayActsLikeApiGateway() throws Exception {
        try (LocalStack stack = LocalStack.start(new LocalStack.Config(stateDir, 0, true, options(FAST)))) {
            String key = stack.info().apiKey();
            assertThat(post(stack, "/summarize", reportJson("P1"), null).statusCode())
                    .isEqualTo(403);
            assertThat(post(stack, "/summarize", reportJson("P1"), "wrong-key").statusCode())
                    .isEqualTo(403);
            assertThat(post(stack, "/nowhere", "{}", key).statusCode()).isEqualTo(404);
            assertThat(get(stack, stack.info().apiUrl() + "/summarize").statusCode())
                    .isEqualTo(405);

            var tooBig = post(stack, "/summarize", "{\"text\":\"" + "a".repeat(6 * 1024 * 1024) + "\"}", key);
            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(tooBig.headers().firstValue("Content-Type")).contains("application/problem+json");

            var invalidUtf8 = http.send(
                    HttpRequest.newBuilder(URI.create(stack.info().apiUrl() + "/summarize"))
                            .header("x-api-key", key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(invalidUtf8.statusCode()).isEqualTo(400);
            assertThat(get(stack, stack.info().apiUrl() + "/health").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTemplateParameterChangesLocalBehaviour() {
        Map<String, String> env =
                Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1", "MODEL_MAX_ATTEMPTS", "1");
        int defaultAttempts =
                attemptsUntilFailed(LocalPipeline.Options.inMemory().withEnvironment(env));
        int overriddenAttempts = attemptsUntilFailed(
                LocalPipeline.Options.inMemory().withEnvironment(env).withParameters(Map.of("MaxReceiveCount", "3")));

        assertThat(defaultAttempts).isEqualTo(6); // template.yaml's MaxReceiveCount default
        assertThat(overriddenAttempts).isEqualTo(3);
    }

    private static int attemptsUntilFailed(LocalPipeline.Options options) {
        try (LocalPipeline pipeline = LocalPipeline.start(options)) {
            pipeline.bedrock().faults().errorRate(1.0).errorKind(BedrockError.INTERNAL_SERVER);
            var response = pipeline.invoke(
                    "POST",
                    "/summarize",
                    Map.of(),
                    Map.of("Content-Type", "application/json"),
                    reportJson("P-RC"),
                    false,
                    "k");
            String reportId = Json.parse(response.getBody()).get("reportId").asText();
            assertThat(pipeline.drain(Duration.ofSeconds(60))).isTrue();
            var report = new DynamoReportStore(
                            pipeline.dynamo(), pipeline.resources().tableName())
                    .find(new ReportKey("P-RC", reportId))
                    .orElseThrow();
            assertThat(report.status()).isEqualTo(ReportStatus.FAILED);
            assertThat(pipeline.queueDepth(pipeline.resources().dlqUrl())).isEqualTo(1);
            return report.attempts();
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError(e);
        }
    }

    /** Keys and report text: folders 0700, files 0600, dynalite's LevelDB files included. */
    private static void assertStateIsPrivate(Path stateDir) throws IOException {
        assertThat(Files.getPosixFilePermissions(stateDir)).isEqualTo(PrivateFiles.FOLDER);
        assertThat(Files.getPosixFilePermissions(stateDir.resolve(LocalStack.LOCAL_JSON)))
                .isEqualTo(PrivateFiles.FILE);
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("keys.json"))).isEqualTo(PrivateFiles.FILE);
        Path data = stateDir.resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path path : files.toList()) {
                assertThat(Files.getPosixFilePermissions(path))
                        .as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? PrivateFiles.FOLDER : PrivateFiles.FILE);
            }
        }
    }

    @Test
    void aRestartedDiskStackFinishesTheReportsLeftPending() throws Exception {
        List<String> reportIds = new ArrayList<>();
        String apiKey;
        // First run: the model throttles and retries wait 30 s or more, so the reports are still PENDING at shutdown.
        Map<String, String> slowRetries =
                Map.of("RETRY_BASE_SECONDS", "60", "RETRY_CAP_SECONDS", "60", "MODEL_MAX_ATTEMPTS", "1");
        try (LocalStack first = LocalStack.start(new LocalStack.Config(stateDir, 0, false, options(slowRetries)))) {
            first.pipeline().bedrock().faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
            apiKey = first.info().apiKey();
            for (int i = 0; i < 5; i++) {
                var response = post(first, "/summarize", reportJson("PATIENT-RESTART"), apiKey);
                reportIds.add(Json.parse(response.body()).get("reportId").asText());
            }
            // A worker that "died" holding a live claim on one more report.
            long now = Instant.now().getEpochSecond();
            String claimed = Json.parse(post(first, "/summarize", reportJson("PATIENT-RESTART"), apiKey)
                            .body())
                    .get("reportId")
                    .asText();
            reportIds.add(claimed);
            waitUntilEveryModelCallWasMade(first, 6);
            assertStateIsPrivate(stateDir);
            new DynamoReportStore(
                            first.pipeline().dynamo(),
                            first.pipeline().resources().tableName())
                    .claim(new ReportKey("PATIENT-RESTART", claimed), "dead-worker", now, now + 600);
        }

        try (LocalStack second = LocalStack.start(new LocalStack.Config(stateDir, 0, false, options(FAST)))) {
            assertThat(second.info().apiKey()).isEqualTo(apiKey);
            assertThat(second.recovered()).isEqualTo(6);
            for (String reportId : reportIds) {
                JsonNode view =
                        pollUntilFinished(second, second.info().apiUrl() + "/reports/PATIENT-RESTART/" + reportId);
                assertThat(view.get("status").asText()).isEqualTo("SUCCESS");
            }
        }
    }

    @Test
    void externalEndpointsAreUsedAndTheirQueuesAndTableCreated() throws Exception {
        try (var sqs = io.medsum.local.infra.ElasticMqServer.start();
                var dynamo = io.medsum.local.infra.DynaliteProcess.startInMemory();
                var bedrock = io.medsum.local.bedrock.LocalBedrockServer.start()) {
            var external = new LocalPipeline.Endpoints(sqs.endpoint(), dynamo.endpoint(), bedrock.endpoint(), false);
            try (LocalStack stack = LocalStack.start(
                    new LocalStack.Config(stateDir, 0, true, options(FAST).withExternal(external)))) {
                assertThat(stack.info().sqsEndpoint()).isEqualTo(sqs.endpoint().toString());
                assertThat(stack.info().dynamodbEndpoint())
                        .isEqualTo(dynamo.endpoint().toString());
                assertThat(stack.info().bedrockEndpoint())
                        .isEqualTo(bedrock.endpoint().toString());

                var accepted = post(
                        stack,
                        "/summarize",
                        reportJson("PATIENT-EXT"),
                        stack.info().apiKey());
                JsonNode done = pollUntilFinished(
                        stack, accepted.headers().firstValue("Location").orElseThrow());

                assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
                assertThat(bedrock.counters().successfulCalls()).isEqualTo(1);
            }
        }
    }

    private static void waitUntilEveryModelCallWasMade(LocalStack stack, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stack.pipeline().bedrock().counters().totalCalls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stack.pipeline().bedrock().counters().totalCalls()).isGreaterThanOrEqualTo(calls);
    }
}
