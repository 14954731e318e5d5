package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.common.summary.ExtractiveSummarizer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class LocalBedrockServerTest {
    private static final String TITAN = "amazon.titan-text-express-v1";
    private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String REPORT = "CHIEF COMPLAINT:,  Cough and fever for five days.,HISTORY OF PRESENT ILLNESS:,  "
            + "The patient is a 67-year-old man with productive cough, fever to 38.9 C and pleuritic chest pain.  "
            + "He was seen by Dr. Lee two days ago and started on azithromycin 500 mg.  His cough has not improved.,"
            + "IMPRESSION:,  Right lower lobe pneumonia.,PLAN:,1.  Admit for intravenous ceftriaxone.,"
            + "2.  Repeat chest radiograph in six weeks.";
    private static final String INSTRUCTIONS = "Summarize the medical report below for a referring physician.";
    private static final String PROMPT = INSTRUCTIONS + "\n<report>\n" + REPORT + "\n</report>\nAnswer with the summary only.";

    private LocalBedrockServer server;
    private BedrockRuntimeClient client;

    @BeforeEach
    void start() {
        server = LocalBedrockServer.start();
        client = BedrockTestClients.clientFor(server);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private InvokeModelResponse invokeTitan(String modelId, String body) {
        return client.invokeModel(r -> r.modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(body)));
    }

    private InvokeModelResponse invokeTitan(String inputText, int maxTokenCount) {
        return invokeTitan(TITAN, titanBody(inputText, maxTokenCount));
    }

    private static String titanBody(String inputText, int maxTokenCount) {
        var body = JSON.createObjectNode().put("inputText", inputText);
        body.putObject("textGenerationConfig")
                .put("maxTokenCount", maxTokenCount)
                .put("temperature", 0.2)
                .put("topP", 0.9)
                .putArray("stopSequences");
        return body.toString();
    }

    private ConverseResponse converse(String modelId, String userText, int maxTokens) {
        return client.converse(r -> r.modelId(modelId)
                .system(SystemContentBlock.fromText(INSTRUCTIONS))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(userText)).build())
                .inferenceConfig(c -> c.maxTokens(maxTokens).temperature(0.2f)));
    }

    private static JsonNode json(InvokeModelResponse response) throws IOException {
        return JSON.readTree(response.body().asByteArray());
    }

    @Nested
    class TitanInvokeModel {
        @Test
        void answersWithTheExtractiveSummaryOfTheReportBetweenTheDelimiters() throws IOException {
            JsonNode answer = json(invokeTitan(PROMPT, 40));

            JsonNode result = answer.get("results").get(0);
            assertThat(result.get("outputText").asText())
                    .isEqualTo(new ExtractiveSummarizer().summarize(REPORT, 40 * 4))
                    .contains("Right lower lobe pneumonia.")
                    .doesNotContain("Summarize", "Answer with");
            assertThat(result.get("completionReason").asText()).isEqualTo("FINISH");
            assertThat(result.get("tokenCount").asInt()).isBetween(1, 40);
            assertThat(answer.get("inputTextTokenCount").asInt()).isEqualTo((PROMPT.length() + 3) / 4);
        }

        @Test
        void summarizesTheWholePromptWhenThereAreNoDelimiters() throws IOException {
            String output = json(invokeTitan(REPORT, 512)).get("results").get(0).get("outputText").asText();

            assertThat(output).isEqualTo(new ExtractiveSummarizer().summarize(REPORT, 512 * 4));
        }

        @Test
        void reportsLengthWhenTheTokenBudgetCutsTheOnlySentence() throws IOException {
            String longSentence = "Bilateral patchy airspace opacities in the lower lobes with small pleural effusions.";

            JsonNode result = json(invokeTitan(longSentence, 5)).get("results").get(0);

            assertThat(result.get("completionReason").asText()).isEqualTo("LENGTH");
            assertThat(result.get("outputText").asText()).hasSizeLessThanOrEqualTo(5 * 4);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "us.amazon.titan-text-express-v1",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.titan-text-premier-v1:0"})
        void acceptsInferenceProfilesAndArnsWhoseIdsNeedEncodingInThePath(String modelId) throws IOException {
            JsonNode answer = json(invokeTitan(modelId, titanBody(PROMPT, 100)));

            assertThat(answer.get("results").get(0).get("outputText").asText()).contains("pneumonia");
        }

        @Test
        void reportsUsageInTheResponseHeadersAsBedrockDoes() {
            InvokeModelResponse response = invokeTitan(PROMPT, 100);

            var headers = response.sdkHttpResponse().headers();
            assertThat(headers.get("X-Amzn-Bedrock-Input-Token-Count")).containsExactly(Integer.toString((PROMPT.length() + 3) / 4));
            assertThat(headers).containsKeys("X-Amzn-Bedrock-Output-Token-Count", "X-Amzn-Bedrock-Invocation-Latency");
            assertThat(response.contentType()).isEqualTo("application/json");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,\"messages\":[]}",
            "{\"inputText\":\"Cough.\",\"max_tokens\":100}",
            "{\"inputText\":\"Cough.\",\"textGenerationConfig\":{\"maxTokenCount\":0}}",
            "{\"inputText\":\"   \"}",
            "{\"inputText\":42}",
            "[\"inputText\"]",
            "not json at all"})
        void refusesBodiesThatAreNotTheTitanShape(String body) {
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> invokeTitan(TITAN, body));

            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Malformed input request");
        }

        @Test
        void validationMessagesNeverEchoTheRequest() {
            String secret = "Jane Doe MRN 12345";

            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> invokeTitan(TITAN, "{\"inputText\":\"x\",\"" + secret + "\":1}"));

            assertThat(e.getMessage()).doesNotContain("Jane", "12345");
        }
    }

    @Nested
    class Converse {
        @Test
        void answersWithTheSummaryAndReportsUsage() {
            ConverseResponse response = converse(CLAUDE, "<report>\n" + REPORT + "\n</report>", 60);

            assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
            String text = response.output().message().content().get(0).text();
            assertThat(text).isEqualTo(new ExtractiveSummarizer().summarize(REPORT, 60 * 4));
            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(response.usage().inputTokens()).isGreaterThan(REPORT.length() / 4);
            assertThat(response.usage().outputTokens()).isBetween(1, 60);
            assertThat(response.usage().totalTokens())
                    .isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
            assertThat(response.metrics().latencyMs()).isNotNegative();
        }

        @Test
        void neverSummarizesTheSystemPrompt() {
            String text = converse(CLAUDE, REPORT, 500).output().message().content().get(0).text();

            assertThat(text).doesNotContain("referring physician");
        }

        @Test
        void stopsWithMaxTokensWhenTheBudgetCutsASentence() {
            ConverseResponse response = converse(CLAUDE, "Bilateral patchy airspace opacities in both lower lobes.", 3);

            assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(response.output().message().content().get(0).text()).hasSizeLessThanOrEqualTo(12);
        }

        @Test
        void refusesAConversationThatDoesNotStartWithTheUser() {
            assertThatThrownBy(() -> client.converse(r -> r.modelId(CLAUDE).messages(
                    Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText("Hello")).build())))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Nested
    class InjectedErrors {
        static Stream<Arguments> everyErrorKind() {
            return Stream.of(
                    Arguments.of(BedrockError.THROTTLING, ThrottlingException.class),
                    Arguments.of(BedrockError.INTERNAL_SERVER, InternalServerException.class),
                    Arguments.of(BedrockError.SERVICE_UNAVAILABLE, ServiceUnavailableException.class),
                    Arguments.of(BedrockError.VALIDATION, ValidationException.class),
                    Arguments.of(BedrockError.ACCESS_DENIED, AccessDeniedException.class),
                    Arguments.of(BedrockError.MODEL_NOT_FOUND, ResourceNotFoundException.class),
                    Arguments.of(BedrockError.MODEL_TIMEOUT, ModelTimeoutException.class));
        }

        @ParameterizedTest
        @MethodSource("everyErrorKind")
        void surfaceAsTheSdkExceptionOfTheSameName(BedrockError kind, Class<? extends BedrockRuntimeException> expected) {
            server.faults().errorRate(1.0).errorKind(kind);

            BedrockRuntimeException onInvoke = catchThrowableOfType(BedrockRuntimeException.class, () -> invokeTitan(PROMPT, 100));
            BedrockRuntimeException onConverse = catchThrowableOfType(BedrockRuntimeException.class, () -> converse(CLAUDE, PROMPT, 100));

            for (BedrockRuntimeException e : List.of(onInvoke, onConverse)) {
                assertThat(e).isExactlyInstanceOf(expected);
                assertThat(e.statusCode()).isEqualTo(kind.httpStatus());
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(kind.errorType());
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(kind.defaultMessage());
            }
        }

        @Test
        void aSeedReplaysTheSameRunOfFailures() {
            server.faults().errorRate(0.5).errorKind(BedrockError.INTERNAL_SERVER).errorSeed(7);
            List<Boolean> firstRun = outcomesOf(20);

            server.faults().errorSeed(7);
            List<Boolean> replay = outcomesOf(20);

            assertThat(replay).isEqualTo(firstRun).contains(true, false);
        }

        private List<Boolean> outcomesOf(int calls) {
            List<Boolean> succeeded = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                try {
                    invokeTitan("Cough.", 10);
                    succeeded.add(true);
                } catch (InternalServerException e) {
                    succeeded.add(false);
                }
            }
            return succeeded;
        }

        @Test
        void clearingTheFaultsHealsTheModel() {
            server.faults().errorRate(1.0).errorKind(BedrockError.ACCESS_DENIED);
            assertThatThrownBy(() -> invokeTitan(PROMPT, 100)).isInstanceOf(AccessDeniedException.class);

            server.faults().clear();

            assertThat(invokeTitan(PROMPT, 100).body().asUtf8String()).contains("pneumonia");
        }
    }

    @Nested
    class RequestsPerMinuteQuota {
        private static final Duration WINDOW = Duration.ofMillis(400);

        @Test
        void throttlesCallsPastTheQuotaAndRecoversWhenTheWindowSlides() throws InterruptedException {
            server.faults().requestsPerMinute(3).quotaWindow(WINDOW);
            long windowOpened = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                invokeTitan(PROMPT, 50);
            }

            ThrottlingException e = catchThrowableOfType(ThrottlingException.class, () -> converse(CLAUDE, PROMPT, 50));
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.isThrottlingException()).isTrue();

            sleepUntil(windowOpened + WINDOW.toNanos() + Duration.ofMillis(50).toNanos());
            assertThat(invokeTitan(PROMPT, 50).body().asUtf8String()).contains("pneumonia");
            assertThat(server.counters().throttledCalls()).isEqualTo(1);
            assertThat(server.counters().successfulCalls()).isEqualTo(4);
        }

        @Test
        void zeroMeansUnlimited() {
            server.faults().requestsPerMinute(0).quotaWindow(WINDOW);

            for (int i = 0; i < 20; i++) {
                invokeTitan("Cough.", 10);
            }

            assertThat(server.counters().throttledCalls()).isZero();
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long remaining = nanoTime - System.nanoTime();
            if (remaining > 0) {
                Thread.sleep(Duration.ofNanos(remaining).toMillis() + 1);
            }
        }
    }

    @Nested
    class LatencyAndTimeouts {
        @Test
        void latencyIsAddedToEveryModelCall() {
            server.faults().latencyMs(250);

            long started = System.nanoTime();
            ConverseResponse response = converse(CLAUDE, PROMPT, 100);
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(elapsedMs).isGreaterThanOrEqualTo(250);
            assertThat(response.metrics().latencyMs()).isGreaterThanOrEqualTo(250);
        }

        @Test
        void theTimeoutSwitchStallsThenFailsAsAModelTimeout() {
            server.faults().timeoutMs(200);

            long started = System.nanoTime();
            assertThatThrownBy(() -> invokeTitan(PROMPT, 100)).isInstanceOf(ModelTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isGreaterThanOrEqualTo(200);
            assertThat(server.counters().injectedErrors()).isEqualTo(1);
        }

        @Test
        void aStallLongerThanTheClientsPatienceTripsTheClientTimeout() {
            server.faults().timeoutMs(30_000);

            try (BedrockRuntimeClient impatient = BedrockTestClients.clientFor(server, Duration.ofMillis(200))) {
                assertThatThrownBy(() -> impatient.converse(r -> r.modelId(CLAUDE).messages(
                        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(PROMPT)).build())))
                        .isInstanceOf(ApiCallAttemptTimeoutException.class);
            }
        }
    }

    @Nested
    class Counters {
        @Test
        void countEveryCallByOperationAndOutcome() {
            invokeTitan(PROMPT, 100);
            invokeTitan(PROMPT, 100);
            converse(CLAUDE, PROMPT, 100);
            assertThatThrownBy(() -> invokeTitan(TITAN, "{}")).isInstanceOf(ValidationException.class);
            server.faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
            assertThatThrownBy(() -> converse(CLAUDE, PROMPT, 100)).isInstanceOf(ThrottlingException.class);
            server.faults().errorKind(BedrockError.SERVICE_UNAVAILABLE);
            assertThatThrownBy(() -> converse(CLAUDE, PROMPT, 100)).isInstanceOf(ServiceUnavailableException.class);

            CallCounters counters = server.counters();
            assertThat(counters.totalCalls()).isEqualTo(6);
            assertThat(counters.calls(BedrockOperation.INVOKE_MODEL)).isEqualTo(3);
            assertThat(counters.calls(BedrockOperation.CONVERSE)).isEqualTo(3);
            assertThat(counters.successfulCalls()).isEqualTo(3);
            assertThat(counters.rejectedCalls()).isEqualTo(1);
            assertThat(counters.injectedErrors()).isEqualTo(2);
            assertThat(counters.throttledCalls()).isEqualTo(1);
        }

        @Test
        void resetZeroesThem() {
            invokeTitan(PROMPT, 100);
            converse(CLAUDE, PROMPT, 100);

            server.counters().reset();

            CallCounters counters = server.counters();
            assertThat(List.of(counters.totalCalls(), counters.calls(BedrockOperation.INVOKE_MODEL),
                    counters.calls(BedrockOperation.CONVERSE), counters.successfulCalls(), counters.throttledCalls(),
                    counters.injectedErrors(), counters.rejectedCalls())).containsOnly(0L);
        }
    }

    @Nested
    class Server {
        @Test
        void listensOnLoopbackOnly() {
            assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(server.port()).isPositive();
        }

        @Test
        void servesSixtyFourConcurrentCallsInParallel() throws Exception {
            server.faults().latencyMs(300);
            ExecutorService callers = Executors.newFixedThreadPool(64);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    calls.add(() -> invokeTitan(PROMPT, 50).body().asUtf8String());
                }
                long started = System.nanoTime();
                List<Future<String>> answers = callers.invokeAll(calls);
                for (Future<String> answer : answers) {
                    assertThat(answer.get()).contains("pneumonia");
                }
                // Serially this would take 64 x 300 ms; parallel it takes a few latencies at most.
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(64 * 300 / 4));
            } finally {
                callers.shutdownNow();
            }
        }

        @Test
        void answersUnknownPathsAsAnUnknownOperation() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            for (HttpRequest request : List.of(
                    HttpRequest.newBuilder(server.endpoint().resolve("/model/" + TITAN + "/invoke-with-response-stream"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpRequest.newBuilder(server.endpoint().resolve("/model/" + TITAN + "/invoke")).GET().build())) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
            }
            assertThat(server.counters().totalCalls()).isZero();
        }

        @Test
        void startsOnAGivenPortWithGivenFaults() {
            int port = server.port();
            server.close();
            ModelFaults faults = new ModelFaults().errorRate(1.0).errorKind(BedrockError.MODEL_NOT_FOUND);

            try (LocalBedrockServer onPort = LocalBedrockServer.start(port, faults);
                    BedrockRuntimeClient portClient = BedrockTestClients.clientFor(onPort)) {
                assertThat(onPort.port()).isEqualTo(port);
                assertThat(onPort.faults()).isSameAs(faults);
                assertThatThrownBy(() -> portClient.converse(r -> r.modelId(CLAUDE).messages(
                        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build())))
                        .isInstanceOf(ResourceNotFoundException.class);
            }
        }

        @Test
        void closingTwiceIsHarmless() {
            server.close();
            server.close();
        }
    }
}
