package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.ports.WorkQueue.DelayedMessage;
import io.medsum.common.queue.MessageBatch;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.MutableClock;
import io.medsum.common.testing.RecordingPipelineMetrics;
import io.medsum.notifier.delivery.NotificationMessage.Delivery;
import io.medsum.notifier.testing.InMemoryNotificationQueue;
import io.medsum.notifier.testing.InMemoryWebhookSecrets;
import io.medsum.notifier.testing.InMemoryWebhookStore;
import io.medsum.notifier.testing.Notifications;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One SQS batch: its messages in parallel, an outcome per message (batchItemFailures), and one delay per returned
 * message, its own.
 */
class NotificationBatchProcessorTest {
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final InMemoryNotificationQueue queue = new InMemoryNotificationQueue();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final RetryBackoff backoff = new RetryBackoff(10, 3_600, bound -> bound - 1);
    private volatile WebhookTransport transport = (url, addresses, headers, body) ->
            new WebhookSender.Response(url.getPath().equals("/down") ? 503 : 200, null, 0, 1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private NotificationBatchProcessor batches() {
        NotificationProcessor processor =
                new NotificationProcessor(
                        webhooks,
                        secrets,
                        new DestinationPolicy(List.of(), false, host -> new InetAddress[] {
                            InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})
                        }),
                        (url, addresses, headers, body) -> transport.post(url, addresses, headers, body),
                        new DeliveryRateLimiter(100, Duration.ofSeconds(1), System::nanoTime),
                        queue,
                        new DeliveryPolicy(5, backoff),
                        new RecordingPipelineMetrics(),
                        MutableClock.at("2026-12-02T10:00:00Z"));
        return new NotificationBatchProcessor(processor, queue, backoff, pool);
    }

    private Webhook register(String path) {
        Webhook webhook = Notifications.webhook("tenant-a", URI.create("https://a.example.org" + path));
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());
        return webhook;
    }

    private static SQSMessage message(String id, String body, int receiveCount) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("receipt-" + id);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return message;
    }

    private static String delivery(Webhook webhook) {
        return Delivery.first(
                        webhook.id(), Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                .body();
    }

    @Test
    void eachMessageGetsItsOwnOutcomeAndReturnedOnesTheirOwnDelay() {
        Webhook up = register("/up");
        Webhook down = register("/down");

        SQSBatchResponse response = batches()
                .process(List.of(
                        message("1", delivery(up), 1),
                        message("2", delivery(down), 1),
                        message("3", delivery(down), 3),
                        message("4", "garbage", 1),
                        message("5", Notifications.event(Notifications.of("tenant-a", NotificationType.FAILED)), 1)));

        assertThat(response.getBatchItemFailures())
                .extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly("2", "3");
        assertThat(queue.delays())
                .containsExactly(new DelayedMessage("receipt-2", 10), new DelayedMessage("receipt-3", 40));
        assertThat(queue.deadLetters()).hasSize(1);
        assertThat(queue.bodies()).hasSize(2); // the fan-out of message 5 to both webhooks
    }

    @Test
    void theMessagesOfABatchAreDeliveredConcurrently() throws Exception {
        Webhook a = register("/a");
        Webhook b = register("/b");
        CountDownLatch bothInFlight = new CountDownLatch(2);
        transport = (url, addresses, headers, body) -> {
            bothInFlight.countDown();
            try {
                // Each delivery waits for the other: only concurrent processing lets both finish with 200.
                boolean together = bothInFlight.await(10, TimeUnit.SECONDS);
                return new WebhookSender.Response(together ? 200 : 500, null, 0, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WebhookSender.Response(500, null, 0, 1);
            }
        };

        SQSBatchResponse response =
                batches().process(List.of(message("1", delivery(a), 1), message("2", delivery(b), 1)));

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void aMessageWhoseProcessingCrashesIsReturnedWithItsBackoffAndTheOthersAreNotHeldUp() {
        Webhook crashing = register("/crash");
        Webhook fine = register("/fine");
        transport = (url, addresses, headers, body) -> {
            if (url.getPath().equals("/crash")) {
                throw new LinkageError("what a broken library would throw");
            }
            return new WebhookSender.Response(204, null, 0, 1);
        };

        SQSBatchResponse response =
                batches().process(List.of(message("1", delivery(crashing), 2), message("2", delivery(fine), 1)));

        assertThat(response.getBatchItemFailures())
                .extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly("1");
        assertThat(queue.delays()).containsExactly(new DelayedMessage("receipt-1", 20));
    }

    @Test
    void aMissingReceiveCountCountsAsTheFirst() {
        SQSMessage message = message("1", "{}", 1);
        message.setAttributes(null);

        assertThat(MessageBatch.receiveCount(message)).isEqualTo(1);
        message.setAttributes(Map.of("ApproximateReceiveCount", "x"));
        assertThat(MessageBatch.receiveCount(message)).isEqualTo(1);
    }
}
