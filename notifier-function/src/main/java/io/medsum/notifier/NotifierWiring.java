package io.medsum.notifier;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.notifier.delivery.CachedWebhookSecrets;
import io.medsum.notifier.delivery.DeliveryPolicy;
import io.medsum.notifier.delivery.DeliveryRateLimiter;
import io.medsum.notifier.delivery.NotificationBatchProcessor;
import io.medsum.notifier.delivery.NotificationProcessor;
import io.medsum.notifier.delivery.SqsNotificationQueue;
import io.medsum.notifier.delivery.WebhookSender;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.DynamoWebhookStore;
import io.medsum.notifier.webhook.SecretsManagerWebhookSecrets;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the notifier's object graph once per container from its environment. */
final class NotifierWiring {
    /** The event source's batch size: every message of a batch gets its own thread. */
    static final int PARALLELISM = 10;
    /** Signing secrets are read again after this long (Secrets Manager bills every read). */
    static final Duration SECRET_CACHE_TTL = Duration.ofMinutes(5);
    /** The limit for one delivery attempt. */
    static final int MAX_TIMEOUT_MS = 10_000;

    private static final Duration AWS_TIMEOUT = Duration.ofSeconds(5);

    final AwsClientFactory clients;
    final DynamoWebhookStore webhooks;
    /** Secrets Manager itself, uncached: what priming exercises. */
    final SecretsManagerWebhookSecrets secretStore;

    final CachedWebhookSecrets secrets;
    final SqsNotificationQueue queue;
    final DestinationPolicy destinations;
    final WebhookSender sender;
    final DeliveryPolicy policy;
    final DeliveryRateLimiter rateLimiter;

    NotifierWiring(Settings settings) {
        this.clients = new AwsClientFactory(settings);
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", AWS_TIMEOUT);
        SqsClient sqs = clients.build(SqsClient.builder(), "SQS", AWS_TIMEOUT);
        SecretsManagerClient secretsManager =
                clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER", AWS_TIMEOUT);

        this.webhooks = new DynamoWebhookStore(dynamo, settings.required(EnvNames.WEBHOOKS_TABLE_NAME));
        // The notifier only reads secrets: no key id to create them with.
        this.secretStore = new SecretsManagerWebhookSecrets(
                secretsManager, settings.required(EnvNames.WEBHOOK_SECRET_PREFIX), null);
        this.secrets = new CachedWebhookSecrets(secretStore, SECRET_CACHE_TTL, Clock.systemUTC());
        this.queue = new SqsNotificationQueue(
                sqs,
                settings.required(EnvNames.NOTIFICATIONS_QUEUE_URL),
                settings.required(EnvNames.NOTIFICATIONS_DLQ_URL));
        this.destinations = new DestinationPolicy(
                DestinationPolicy.patterns(settings.string(EnvNames.WEBHOOK_ALLOWED_HOSTS, "")),
                settings.flag(EnvNames.WEBHOOK_ALLOW_LOOPBACK, false),
                InetAddress::getAllByName);
        Duration timeout = timeout(settings);
        this.sender = new WebhookSender(timeout, userAgent());
        this.policy = new DeliveryPolicy(
                settings.integer(EnvNames.WEBHOOK_MAX_ATTEMPTS, 15),
                new RetryBackoff(
                        settings.integer(EnvNames.WEBHOOK_RETRY_BASE_SECONDS, 30),
                        settings.integer(EnvNames.WEBHOOK_RETRY_CAP_SECONDS, 14_400),
                        bound -> ThreadLocalRandom.current().nextLong(bound)));
        // A delivery waits for its rate at most as long as an attempt may take (see DeliveryRateLimiter).
        this.rateLimiter = new DeliveryRateLimiter(
                settings.integer(EnvNames.WEBHOOK_RATE_PER_SECOND, 10), timeout, System::nanoTime);
    }

    /** WEBHOOK_TIMEOUT_MS, 1 to 10,000: a misconfiguration fails at start, not as odd deliveries. */
    static Duration timeout(Settings settings) {
        int millis = settings.integer(EnvNames.WEBHOOK_TIMEOUT_MS, MAX_TIMEOUT_MS);
        if (millis < 1 || millis > MAX_TIMEOUT_MS) {
            throw new IllegalStateException(
                    "WEBHOOK_TIMEOUT_MS must be between 1 and " + MAX_TIMEOUT_MS + ", not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    NotificationProcessor processor(PipelineMetrics metrics) {
        return new NotificationProcessor(
                webhooks, secrets, destinations, sender, rateLimiter, queue, policy, metrics, Clock.systemUTC());
    }

    NotificationBatchProcessor batchProcessor(PipelineMetrics metrics) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, "notifier");
            thread.setDaemon(true);
            return thread;
        });
        return new NotificationBatchProcessor(processor(metrics), queue, policy.backoff(), pool);
    }

    /** {@code medsum-webhooks/<version>}: receivers can tell our requests from others'. */
    static String userAgent() {
        String version = NotifierWiring.class.getPackage().getImplementationVersion();
        return "medsum-webhooks/" + (version == null ? "dev" : version);
    }
}
