package io.medsum.ingest;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.CloudWatchAuditTrail;
import io.medsum.common.aws.DynamoIdempotencyStore;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.EventBridgePublisher;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.notify.NotificationOutbox;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.validation.SubmissionValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the ingest object graph once per container from its environment. */
final class IngestWiring {
    /** Per-item DynamoDB calls of a batch run on this many threads. */
    private static final int BATCH_IO_THREADS = 8;

    private static final Duration IDEMPOTENCY_KEY_LIFETIME = Duration.ofHours(24);
    /** Longer than the ingest function's 29 s timeout, so a live request is never taken over. */
    private static final Duration IDEMPOTENCY_LOCK = Duration.ofSeconds(60);

    final AwsClientFactory clients;
    final DynamoReportStore reports;
    final SqsWorkQueue queue;
    final Settings settings;
    private final SqsClient sqs;
    private final DynamoIdempotencyStore idempotency;
    private NotificationOutbox outbox;
    /** Threads start on first use, so building this before a snapshot captures no running thread. */
    private final ExecutorService io = Executors.newFixedThreadPool(BATCH_IO_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "ingest-io");
        thread.setDaemon(true);
        return thread;
    });

    IngestWiring(Settings settings) {
        this.settings = settings;
        this.clients = new AwsClientFactory(settings);
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(5));
        this.sqs = clients.build(SqsClient.builder(), "SQS", Duration.ofSeconds(5));
        String table = settings.required(EnvNames.TABLE_NAME);
        this.reports = new DynamoReportStore(dynamo, table);
        // Ingest and the reconciler only ever enqueue; poison messages are the worker's to dead-letter.
        this.queue = new SqsWorkQueue(sqs, settings.required(EnvNames.QUEUE_URL), "");
        this.idempotency = new DynamoIdempotencyStore(dynamo, table, IDEMPOTENCY_KEY_LIFETIME, IDEMPOTENCY_LOCK);
    }

    IngestApi api(PipelineMetrics metrics) {
        Duration retention = Duration.ofDays(settings.integer(EnvNames.RETENTION_DAYS, 90));
        ReportIntake intake = new ReportIntake(reports, queue, idempotency, metrics, Clock.systemUTC(), retention, io);
        CloudWatchLogsClient logs =
                clients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", Duration.ofSeconds(5));
        var audit = new CloudWatchAuditTrail(logs, settings.required(EnvNames.AUDIT_LOG_GROUP), "ingest");
        return new IngestApi(intake, new SubmissionValidator(), metrics, audit, Clock.systemUTC());
    }

    /** Only the reconciler reads the DLQ, so only its function is given DLQ_URL. */
    DeadLetterSweep deadLetterSweep(PipelineMetrics metrics) {
        var withDeadLetters =
                new SqsWorkQueue(sqs, settings.required(EnvNames.QUEUE_URL), settings.required(EnvNames.DLQ_URL));
        return new DeadLetterSweep(reports, withDeadLetters, metrics, Clock.systemUTC(), outbox());
    }

    PendingNotifications pendingNotifications() {
        Duration after = Duration.ofSeconds(settings.integer(EnvNames.NOTIFY_AFTER_SECONDS, 60));
        return new PendingNotifications(reports, outbox(), Clock.systemUTC(), after);
    }

    /**
     * Built on first use: only the reconciler publishes, so the ingest API's cold start carries no EventBridge client.
     */
    private synchronized NotificationOutbox outbox() {
        if (outbox == null) {
            outbox = new NotificationOutbox(
                    reports, EventBridgePublisher.fromSettings(clients, settings), settings.required(EnvNames.API_URL));
        }
        return outbox;
    }

    StrandedReportReconciler reconciler() {
        Duration after = Duration.ofSeconds(settings.integer(EnvNames.RECONCILE_AFTER_SECONDS, 300));
        return new StrandedReportReconciler(reports, queue, Clock.systemUTC(), after);
    }
}
