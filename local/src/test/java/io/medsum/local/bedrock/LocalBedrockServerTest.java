package io.medsum.local.bedrock;

import static io.medsum.local.bedrock.BedrockTestClients.NOVA_PROFILE;
import static io.medsum.local.bedrock.BedrockTestClients.text;
import static io.medsum.local.bedrock.SampleReport.DELIMITED;
import static io.medsum.local.bedrock.SampleReport.PROMPT;
import static io.medsum.local.bedrock.SampleReport.REPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.medsum.worker.summary.ExtractiveSummarizer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The server through the real BedrockRuntimeClient: Converse, the fault switches, counters and serving. */
class LocalBedrockServerTest {
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

    private ConverseResponse converse(String userText, int maxTokens) {
        return BedrockTestClients.converse(client, NOVA_PROFILE, userText, maxTokens);
    }

    @Nested
    class Converse {
        @Test
        void answersWithTheSummaryAndReportsUsage() {
            ConverseResponse response = converse(DELIMITED, 60);

            assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
            assertThat(text(response)).isEqualTo(new ExtractiveSummarizer().summarize(REPORT, 60 * 4));
            assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(response.usage().inputTokens()).isGreaterThan(REPORT.length() / 4);
            assertThat(response.usage().outputTokens()).isBetween(1, 60);
            assertThat(response.usage().totalTokens())
                    .isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
            assertThat(response.metrics().latencyMs()).isNotNegative();
        }

        @Test
        void neverSummarizesTheSystemPrompt() {
            assertThat(text(converse(REPORT, 500))).doesNotContain("referring physician");
        }

        @Test
        void stopsWithMaxTokensAndSpendsTheWholeBudgetWhenTheBudgetCutsASentence() {
            ConverseResponse response = converse("Bilateral patchy airspace opacities in both lower lobes.", 3);

            assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(text(response)).hasSizeLessThanOrEqualTo(12);
            assertThat(response.usage().outputTokens()).isEqualTo(3);
        }

        @Test
        void refusesAConversationThatDoesNotStartWithTheUser() {
            assertThatThrownBy(() -> client.converse(r -> r.modelId(NOVA_PROFILE)
                            .messages(Message.builder()
                                    .role(ConversationRole.ASSISTANT)
                                    .content(ContentBlock.fromText("Hello"))
                                    .build())))
                    .isInstanceOf(ValidationException.class);
        }

        @Test
        void validationMessagesNeverEchoTheRequest() {
            String secret = "Jane Doe MRN 12345";
            var body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]},{\"role\":\"" + secret
                    + "\",\"content\":[{\"text\":\"" + secret + "\"}]}]}";
            HttpResponse<String> response = post("/model/" + NOVA_PROFILE + "/converse", body);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .contains("roles must be user or assistant")
                    .doesNotContain("Jane", "12345");
        }
    }

    @Nested
    class InjectedErrors {
        static Stream<Arguments> everyErrorKind() {
            return Stream.of(
                    Arguments.of(BedrockError.THROTTLING, ThrottlingException.class, 429),
                    Arguments.of(BedrockError.INTERNAL_SERVER, InternalServerException.class, 500),
                    Arguments.of(BedrockError.SERVICE_UNAVAILABLE, ServiceUnavailableException.class, 503),
                    Arguments.of(BedrockError.VALIDATION, ValidationException.class, 400),
                    Arguments.of(BedrockError.ACCESS_DENIED, AccessDeniedException.class, 403),
                    Arguments.of(BedrockError.MODEL_NOT_FOUND, ResourceNotFoundException.class, 404),
                    Arguments.of(BedrockError.MODEL_TIMEOUT, ModelTimeoutException.class, 408),
                    Arguments.of(BedrockError.MODEL_NOT_READY, ModelNotReadyException.class, 429));
        }

        @ParameterizedTest
        @MethodSource("everyErrorKind")
        void surfaceAsTheSdkExceptionOfTheSameNameAndStatus(
                BedrockError kind, Class<? extends BedrockRuntimeException> expected, int status) {
            server.faults().errorRate(1.0).errorKind(kind);

            BedrockRuntimeException e =
                    catchThrowableOfType(BedrockRuntimeException.class, () -> converse(PROMPT, 100));

            assertThat(e).isExactlyInstanceOf(expected);
            assertThat(e.statusCode()).isEqualTo(status).isEqualTo(kind.httpStatus());
            assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo(kind.errorType())
                    .isEqualTo(expected.getSimpleName());
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(kind.defaultMessage());
        }

        @Test
        void everyErrorKindIsCovered() {
            assertThat(everyErrorKind()).hasSize(BedrockError.values().length);
        }

        @Test
        void aSeedReplaysTheSameRunOfFailures() {
            server.faults()
                    .errorRate(0.5)
                    .errorKind(BedrockError.INTERNAL_SERVER)
                    .errorSeed(7);
            List<Boolean> firstRun = outcomesOf(20);

            server.faults().errorSeed(7);
            List<Boolean> replay = outcomesOf(20);

            assertThat(replay).isEqualTo(firstRun).contains(true, false);
        }

        private List<Boolean> outcomesOf(int calls) {
            List<Boolean> succeeded = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                try {
                    converse("Cough.", 10);
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
            assertThatThrownBy(() -> converse(PROMPT, 100)).isInstanceOf(AccessDeniedException.class);

            server.faults().clear();

            assertThat(text(converse(PROMPT, 100))).contains("pneumonia");
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
                converse(PROMPT, 50);
            }

            ThrottlingException e = catchThrowableOfType(ThrottlingException.class, () -> converse(PROMPT, 50));
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.isThrottlingException()).isTrue();

            sleepUntil(windowOpened + WINDOW.toNanos() + Duration.ofMillis(50).toNanos());
            assertThat(text(converse(PROMPT, 50))).contains("pneumonia");
            assertThat(server.counters().throttledCalls()).isEqualTo(1);
            assertThat(server.counters().successfulCalls()).isEqualTo(4);
        }

        @Test
        void zeroMeansUnlimited() {
            server.faults().requestsPerMinute(0).quotaWindow(WINDOW);

            for (int i = 0; i < 20; i++) {
                converse("Cough.", 10);
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
            ConverseResponse response = converse(PROMPT, 100);
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(elapsedMs).isGreaterThanOrEqualTo(250);
            assertThat(response.metrics().latencyMs()).isGreaterThanOrEqualTo(250);
        }

        @Test
        void invalidRequestsAreRefusedWithoutTheLatency() {
            server.faults().latencyMs(2_000);

            long started = System.nanoTime();
            assertThatThrownBy(() -> converse(PROMPT, 1_000_000)).isInstanceOf(ValidationException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        }

        @Test
        void theTimeoutSwitchStallsThenFailsAsAModelTimeout() {
            server.faults().timeoutMs(200);

            long started = System.nanoTime();
            assertThatThrownBy(() -> converse(PROMPT, 100)).isInstanceOf(ModelTimeoutException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isGreaterThanOrEqualTo(200);
            assertThat(server.counters().injectedErrors()).isEqualTo(1);
        }

        @Test
        void aStallLongerThanTheClientsPatienceTripsTheClientTimeout() {
            server.faults().timeoutMs(30_000);

            try (BedrockRuntimeClient impatient = BedrockTestClients.clientFor(server, Duration.ofMillis(200))) {
                assertThatThrownBy(() -> BedrockTestClients.converse(impatient, NOVA_PROFILE, PROMPT, 100))
                        .isInstanceOf(ApiCallAttemptTimeoutException.class);
            }
        }
    }

    @Nested
    class Counters {
        @Test
        void countEveryCallByOutcome() {
            converse(PROMPT, 100);
            converse(PROMPT, 100);
            assertThatThrownBy(() -> converse(PROMPT, 1_000_000)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> BedrockTestClients.converse(client, "amazon.titan-text-express-v1", PROMPT, 100))
                    .isInstanceOf(ResourceNotFoundException.class);
            server.faults().errorRate(1.0).errorKind(BedrockError.THROTTLING);
            assertThatThrownBy(() -> converse(PROMPT, 100)).isInstanceOf(ThrottlingException.class);
            server.faults().errorKind(BedrockError.SERVICE_UNAVAILABLE);
            assertThatThrownBy(() -> converse(PROMPT, 100)).isInstanceOf(ServiceUnavailableException.class);

            CallCounters counters = server.counters();
            assertThat(counters.totalCalls()).isEqualTo(6);
            assertThat(counters.calls(BedrockOperation.CONVERSE)).isEqualTo(6);
            assertThat(counters.successfulCalls()).isEqualTo(2);
            assertThat(counters.rejectedCalls()).isEqualTo(2);
            assertThat(counters.injectedErrors()).isEqualTo(2);
            assertThat(counters.throttledCalls()).isEqualTo(1);
            assertThat(counters.successfulCallsFor(REPORT)).isEqualTo(2);
        }

        @Test
        void resetZeroesThem() {
            converse(PROMPT, 100);

            server.counters().reset();

            CallCounters counters = server.counters();
            assertThat(List.of(
                            counters.totalCalls(),
                            counters.calls(BedrockOperation.CONVERSE),
                            counters.successfulCalls(),
                            counters.throttledCalls(),
                            counters.injectedErrors(),
                            counters.rejectedCalls(),
                            counters.successfulCallsFor(REPORT)))
                    .containsOnly(0L);
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
                    calls.add(() -> text(converse(PROMPT, 50)));
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
        void answersInvokeModelAsAnUnknownOperation() {
            BedrockRuntimeException e = catchThrowableOfType(
                    BedrockRuntimeException.class,
                    () -> client.invokeModel(r -> r.modelId(NOVA_PROFILE)
                            .contentType("application/json")
                            .body(SdkBytes.fromUtf8String("{\"inputText\":\"Cough.\"}"))));

            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
            assertThat(server.counters().totalCalls()).isZero();
        }

        @Test
        void answersOtherPathsAsAnUnknownOperation() throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            for (HttpRequest request : List.of(
                    HttpRequest.newBuilder(server.endpoint().resolve("/model/" + NOVA_PROFILE + "/converse-stream"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpRequest.newBuilder(server.endpoint().resolve("/model/" + NOVA_PROFILE + "/converse"))
                            .GET()
                            .build(),
                    HttpRequest.newBuilder(server.endpoint().resolve("/foundation-models/amazon.nova-lite-v1:0"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpRequest.newBuilder(server.endpoint().resolve("/foundation-models"))
                            .GET()
                            .build())) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(request.uri().toString()).isEqualTo(404);
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
                assertThatThrownBy(() -> BedrockTestClients.converse(portClient, NOVA_PROFILE, "Hi", 10))
                        .isInstanceOf(ResourceNotFoundException.class);
            }
        }

        @Test
        void closingTwiceIsHarmless() {
            server.close();
            server.close();
        }
    }

    private HttpResponse<String> post(String path, String body) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.endpoint().resolve(path))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
