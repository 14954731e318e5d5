package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.notifier.delivery.NotificationMessage.Delivery;
import io.medsum.notifier.testing.ElasticMq;
import io.medsum.notifier.testing.InMemoryWebhookSecrets;
import io.medsum.notifier.testing.InMemoryWebhookStore;
import io.medsum.notifier.testing.Notifications;
import io.medsum.notifier.testing.Receiver;
import io.medsum.notifier.testing.Receiver.Reply;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The notifier's SQS side for real, against ElasticMQ through the SDK's SqsClient: a notification put on the queue (as
 * the bus rule puts it) is fanned out into delivery messages on the same queue, each delivered to a real receiver on
 * 127.0.0.1; failed attempts come back through ChangeMessageVisibility with the receive count as the attempt, and the
 * last one lands in the notifications DLQ with its reasons. The backoff is 0 s here, so retries come back at once.
 */
class SqsNotificationFlowTest {
    private static final int MAX_ATTEMPTS = 3;
    private static ElasticMq elasticMq;
    private static final AtomicInteger QUEUES = new AtomicInteger();

    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(2), "medsum-webhooks/test");
    private final ExecutorService pool = Executors.newFixedThreadPool(10);
    private final Receiver tenantA = Receiver.start();
    private final Receiver tenantB = Receiver.start();
    private final String queueUrl;
    private final String dlqUrl;
    private final SqsNotificationQueue queue;
    private final NotificationBatchProcessor batches;

    SqsNotificationFlowTest() throws Exception {
        int n = QUEUES.incrementAndGet();
        queueUrl = elasticMq.createQueue("notifications-" + n);
        dlqUrl = elasticMq.createQueue("notifications-dlq-" + n);
        queue = new SqsNotificationQueue(elasticMq.sqs(), queueUrl, dlqUrl);
        RetryBackoff immediately = new RetryBackoff(0, 0, bound -> 0);
        NotificationProcessor processor = new NotificationProcessor(
                webhooks,
                secrets,
                new DestinationPolicy(List.of(), true, SqsNotificationFlowTest::noDns),
                sender,
                new DeliveryRateLimiter(100, Duration.ofSeconds(1), System::nanoTime),
                queue,
                new DeliveryPolicy(MAX_ATTEMPTS, immediately),
                metrics,
                Clock.systemUTC());
        batches = new NotificationBatchProcessor(processor, queue, immediately, pool);
    }

    private static InetAddress[] noDns(String host) throws UnknownHostException {
        throw new UnknownHostException("no DNS in this test");
    }

    @BeforeAll
    static void startElasticMq() {
        elasticMq = ElasticMq.shared();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        sender.close();
        tenantA.close();
        tenantB.close();
    }

    private Webhook register(String tenant, Receiver receiver) {
        Webhook webhook = Notifications.webhook(tenant, receiver.url("/hooks"));
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());
        return webhook;
    }

    private void publish(Notification notification) {
        elasticMq.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(Notifications.event(notification)));
    }

    private void runTheNotifier() {
        elasticMq.pump(queueUrl, event -> batches.process(event.getRecords()), 50);
    }

    private List<Message> deadLetters() {
        return elasticMq.receive(dlqUrl, 10, 1);
    }

    @Test
    void aReceiverThatIsDownThenBackGetsTheNotificationOnALaterAttemptWithTheSameWebhookId() {
        register("tenant-a", tenantA);
        register("tenant-b", tenantB);
        AtomicInteger calls = new AtomicInteger();
        tenantA.answer(request -> Reply.status(calls.incrementAndGet() <= 2 ? 503 : 200));
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);

        publish(notification);
        runTheNotifier();

        assertThat(tenantA.requests()).hasSize(3);
        assertThat(tenantA.requests()).extracting(r -> r.header("webhook-id")).containsOnly(notification.id());
        assertThat(tenantB.requests()).as("another tenant's webhook").isEmpty();
        assertThat(metrics.webhooksDelivered()).isEqualTo(1);
        assertThat(metrics.webhookFailures()).containsExactly("HTTP_5XX", "HTTP_5XX");
        assertThat(deadLetters()).isEmpty();
        assertThat(elasticMq.receive(queueUrl, 10, 0)).isEmpty();
    }

    @Test
    void aReceiverDownForEveryAttemptEndsInTheDeadLetterQueueWithItsReasons() {
        Webhook webhook = register("tenant-a", tenantA);
        tenantA.answer(request -> Reply.status(503));
        Notification notification = Notifications.of("tenant-a", NotificationType.FAILED);

        publish(notification);
        runTheNotifier();

        assertThat(tenantA.requests()).hasSize(MAX_ATTEMPTS);
        List<Message> dead = deadLetters();
        assertThat(dead).singleElement().satisfies(letter -> {
            Map<String, String> attributes = letter.messageAttributes().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().stringValue()));
            assertThat(attributes)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "failure", "HTTP_503",
                            "httpStatus", "503",
                            "attempts", Integer.toString(MAX_ATTEMPTS),
                            "webhookId", webhook.id(),
                            "notificationId", notification.id()));
            Delivery delivery =
                    (Delivery) NotificationMessage.parse(letter.body()).orElseThrow();
            assertThat(delivery.webhookId()).isEqualTo(webhook.id());
            assertThat(delivery.notification().id()).isEqualTo(notification.id());
        });
        assertThat(elasticMq.receive(queueUrl, 10, 0)).isEmpty();
    }

    @Test
    void aFanOutToMoreWebhooksThanOneBatchHoldsQueuesThemAll() {
        for (int i = 0; i < 23; i++) {
            register("tenant-a", tenantA);
        }

        publish(Notifications.of("tenant-a", NotificationType.NEEDS_REVIEW));
        runTheNotifier();

        assertThat(tenantA.requests()).hasSize(23);
        assertThat(metrics.webhookDeliveriesQueued()).isEqualTo(23);
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLetterQueueAtOnce() {
        elasticMq.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"not\":\"a notification\"}"));

        runTheNotifier();

        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.body()).isEqualTo("{\"not\":\"a notification\"}");
            assertThat(letter.messageAttributes())
                    .extractingByKey("failure")
                    .extracting(MessageAttributeValue::stringValue)
                    .isEqualTo("MALFORMED_MESSAGE");
        });
    }

    @Test
    void aDeferredDeliveryIsSentAsANewDelayedMessage() {
        Webhook webhook = register("tenant-a", tenantA);
        Delivery later = Delivery.first(
                        webhook.id(), Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                .withAttemptsBefore(2);

        queue.send(later.body(), 1);

        List<Message> received = List.of();
        for (int i = 0; i < 10 && received.isEmpty(); i++) {
            received = elasticMq.receive(queueUrl, 10, 1);
        }
        assertThat(received).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(later.body()));
    }
}
