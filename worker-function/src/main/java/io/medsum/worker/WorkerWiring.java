package io.medsum.worker;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.worker.model.BedrockSummaryModel;
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
    final AwsClientFactory clients;
    final BedrockSummaryModel model;
    final DynamoReportStore reports;
    final SqsWorkQueue queue;
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
    }

    BatchProcessor batchProcessor(PipelineMetrics metrics) {
        var processor = new ReportProcessor(reports, model, metrics, Clock.systemUTC(), policy());
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
