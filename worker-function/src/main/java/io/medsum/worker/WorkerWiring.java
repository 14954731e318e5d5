package io.medsum.worker;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.EventBridgePublisher;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.worker.grounding.BedrockGroundingCheck;
import io.medsum.worker.model.BedrockSummaryModel;
import io.medsum.worker.model.PromptBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the worker object graph once per container from its environment. */
final class WorkerWiring {
    static final Duration GROUNDING_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final int GROUNDING_MAX_ATTEMPTS = 2;

    final AwsClientFactory clients;
    final BedrockSummaryModel model;
    final DynamoReportStore reports;
    final SqsWorkQueue queue;
    final SummaryVerifier verifier;
    final GroundingGate grounding;
    final NotificationOutbox outbox;
    final EventBridgePublisher publisher;
    private final Settings settings;
    private final int maxOutputTokens;

    WorkerWiring(Settings settings) {
        this.settings = settings;
        this.clients = new AwsClientFactory(settings);
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(5));
        SqsClient sqs = clients.build(SqsClient.builder(), "SQS", Duration.ofSeconds(5));
        int attemptTimeoutMs = settings.integer(EnvNames.MODEL_ATTEMPT_TIMEOUT_MS, 30_000);
        int attempts = settings.integer(EnvNames.MODEL_MAX_ATTEMPTS, 2);
        // Attempts x attempt timeout stays below the function timeout (the template checks the numbers);
        // throttling beyond these attempts goes back to the queue with backoff instead.
        BedrockRuntimeClient bedrock = clients.build(
                BedrockRuntimeClient.builder()
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(attemptTimeoutMs))
                                .apiCallTimeout(Duration.ofMillis((long) attemptTimeoutMs * attempts + 2_000))
                                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                        .maxAttempts(attempts)
                                        .build())),
                "BEDROCK_RUNTIME",
                Duration.ofMillis(attemptTimeoutMs));

        this.maxOutputTokens = settings.integer(EnvNames.MAX_OUTPUT_TOKENS, 512);
        this.model =
                new BedrockSummaryModel(bedrock, settings.string(EnvNames.MODEL_ID, ModelIds.DEFAULT), maxOutputTokens);
        this.reports = new DynamoReportStore(dynamo, settings.required(EnvNames.TABLE_NAME));
        this.queue = new SqsWorkQueue(sqs, settings.required(EnvNames.QUEUE_URL), settings.required(EnvNames.DLQ_URL));
        this.verifier = new FaithfulnessGate();
        this.grounding = grounding(settings);
        this.publisher = EventBridgePublisher.fromSettings(clients, settings);
        this.outbox = new NotificationOutbox(reports, publisher, settings.required(EnvNames.API_URL));
    }

    /**
     * The optional grounding check, on when the template created a guardrail. Its own client with shorter timeouts: the
     * model call (2 x 30 s) and this one (2 x 10 s) run one after the other inside the 90 s worker timeout.
     */
    private GroundingGate grounding(Settings settings) {
        Optional<String> guardrailId = settings.optional(EnvNames.GUARDRAIL_ID);
        Optional<String> guardrailVersion = settings.optional(EnvNames.GUARDRAIL_VERSION);
        if (guardrailId.isEmpty() || guardrailVersion.isEmpty()) {
            return GroundingGate.OFF;
        }
        BedrockRuntimeClient guardrails = clients.build(
                BedrockRuntimeClient.builder()
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(GROUNDING_ATTEMPT_TIMEOUT)
                                .apiCallTimeout(GROUNDING_ATTEMPT_TIMEOUT
                                        .multipliedBy(GROUNDING_MAX_ATTEMPTS)
                                        .plusSeconds(1))
                                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                        .maxAttempts(GROUNDING_MAX_ATTEMPTS)
                                        .build())),
                "BEDROCK_RUNTIME",
                GROUNDING_ATTEMPT_TIMEOUT);
        var prompts = new PromptBuilder(Math.max(50, maxOutputTokens / 2));
        return new GroundingGate(
                new BedrockGroundingCheck(guardrails, guardrailId.get(), guardrailVersion.get()), prompts.task());
    }

    BatchProcessor batchProcessor(PipelineMetrics metrics) {
        var processor =
                new ReportProcessor(reports, model, verifier, grounding, metrics, Clock.systemUTC(), policy(), outbox);
        int parallelism = settings.integer(EnvNames.WORKER_PARALLELISM, 10);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "worker");
            thread.setDaemon(true);
            return thread;
        });
        return new BatchProcessor(processor, queue, pool);
    }

    ProcessingPolicy policy() {
        var backoff = new RetryBackoff(
                settings.integer(EnvNames.RETRY_BASE_SECONDS, 10),
                settings.integer(EnvNames.RETRY_CAP_SECONDS, 300),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        Optional<FallbackSummaries> fallback = settings.flag(EnvNames.FALLBACK_SUMMARIZER, false)
                ? Optional.of(new FallbackSummaries(maxOutputTokens * 4))
                : Optional.empty();
        return new ProcessingPolicy(
                Duration.ofSeconds(settings.integer(EnvNames.LEASE_SECONDS, 120)),
                settings.integer(EnvNames.MAX_RECEIVE_COUNT, 6),
                backoff,
                fallback);
    }
}
