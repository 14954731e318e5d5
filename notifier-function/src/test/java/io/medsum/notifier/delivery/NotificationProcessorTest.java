package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationDocument.Received;
import io.medsum.common.notify.NotificationType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The notifier's decisions, with in-memory ports and a transport that answers as told: who a notification fans out to
 * (its own tenant's webhooks, those subscribed to its type), when a delivery is dropped, retried with its backoff,
 * dead-lettered with its reasons, or deferred by the rate limit without losing an attempt.
 */
class NotificationProcessorTest {
    private static final int MAX_ATTEMPTS = 4;

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:05Z");
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final InMemoryNotificationQueue queue = new InMemoryNotificationQueue();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    /** The receivers' answers: a status per URL, 200 unless told. */
    private final Map<URI, Integer> answers = new ConcurrentHashMap<>();

    private final List<Sent> sent = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private DeliveryRateLimiter rateLimiter = new DeliveryRateLimiter(100, Duration.ofSeconds(1), now::get);

    private record Sent(URI url, Map<String, String> headers, byte[] body) {}

    private final WebhookTransport transport = (url, addresses, headers, body) -> {
        synchronized (sent) {
            sent.add(new Sent(url, Map.copyOf(headers), body));
        }
        return new WebhookSender.Response(answers.getOrDefault(url, 200), null, 0, 12);
    };

    /** Every host is public. */
    private final DestinationPolicy destinations = new DestinationPolicy(List.of(), false, host ->
            new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})});

    /** No jitter: delays of 10, 20, 40 ... s. */
    private final RetryBackoff backoff = new RetryBackoff(10, 3_600, bound -> bound - 1);

    private NotificationProcessor processor() {
        return new NotificationProcessor(
                webhooks,
                secrets,
                destinations,
                transport,
                rateLimiter,
                queue,
                new DeliveryPolicy(MAX_ATTEMPTS, backoff),
                metrics,
                clock);
    }

    private Webhook register(String tenant, String url, NotificationType... types) {
        Webhook webhook = Notifications.webhook(tenant, URI.create(url), types);
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());
        return webhook;
    }

    /** Processes every delivery message the fan-out queued, once. */
    private void deliverQueued() {
        List<String> bodies = queue.bodies();
        queue.clear();
        for (String body : bodies) {
            processor().process(body, 1);
        }
    }

    // ------------------------------------------------------------------ fan-out and tenant scoping

    @Test
    void aNotificationReachesOnlyItsOwnTenantsWebhooksSubscribedToItsType() {
        Webhook aAll = register("tenant-a", "https://a.example.org/all");
        Webhook aFailedOnly = register("tenant-a", "https://a.example.org/failed", NotificationType.FAILED);
        Webhook aSucceeded =
                register("tenant-a", "https://a.example.org/ok", NotificationType.SUCCEEDED, NotificationType.REVIEWED);
        Webhook bAll = register("tenant-b", "https://b.example.org/all");
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);

        MessageOutcome fanOut = processor().process(Notifications.event(notification), 1);

        assertThat(fanOut).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(queue.bodies())
                .map(body -> ((Delivery) NotificationMessage.parse(body).orElseThrow()).webhookId())
                .containsExactlyInAnyOrder(aAll.id(), aSucceeded.id());
        assertThat(metrics.webhookDeliveriesQueued()).isEqualTo(2);

        deliverQueued();

        assertThat(sent)
                .extracting(Sent::url)
                .containsExactlyInAnyOrder(aAll.url(), aSucceeded.url())
                .doesNotContain(aFailedOnly.url(), bAll.url());
        assertThat(sent).allSatisfy(s -> assertThat(s.headers()).containsEntry("webhook-id", notification.id()));
    }

    @Test
    void theOtherTenantsNotificationReachesOnlyTheOtherTenant() {
        Webhook a = register("tenant-a", "https://a.example.org/all");
        Webhook b = register("tenant-b", "https://b.example.org/all");

        processor().process(Notifications.event(Notifications.of("tenant-b", NotificationType.NEEDS_REVIEW)), 1);
        deliverQueued();

        assertThat(sent).extracting(Sent::url).containsExactly(b.url()).doesNotContain(a.url());
    }

    @Test
    void aDeliveryNamingAnotherTenantsWebhookReachesNobody() {
        Webhook other = register("tenant-b", "https://b.example.org/all");
        Received ofTenantA = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));

        // A forged (or confused) delivery: tenant A's notification, tenant B's webhook id.
        MessageOutcome outcome =
                processor().process(Delivery.first(other.id(), ofTenantA).body(), 1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(sent).isEmpty();
        assertThat(metrics.webhooksDropped()).isEqualTo(1);
    }

    @Test
    void aTenantWithoutWebhooksAcknowledgesTheNotification() {
        register("tenant-b", "https://b.example.org/all");

        MessageOutcome outcome =
                processor().process(Notifications.event(Notifications.of("tenant-a", NotificationType.FAILED)), 1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(queue.bodies()).isEmpty();
    }

    @Test
    void aDeliveryMessageCarriesIdsAndTheDetailOnly() throws Exception {
        Webhook webhook = register("tenant-a", "https://a.example.org/all?secret-token=xyz");
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);

        processor().process(Notifications.event(notification), 1);

        var body = Json.MAPPER.readTree(queue.bodies().get(0));
        assertThat(body.fieldNames()).toIterable().containsExactly("delivery", "notification");
        assertThat(body.path("delivery").fieldNames()).toIterable().containsExactly("webhookId");
        assertThat(body.path("delivery").path("webhookId").asText()).isEqualTo(webhook.id());
        assertThat(body.path("notification"))
                .isEqualTo(Notifications.received(notification).detail());
        assertThat(queue.bodies().get(0)).doesNotContain("a.example.org");
    }

    @Test
    void deliveriesTheQueueRefusesAreSentOnceMoreAtOnce() {
        register("tenant-a", "https://a.example.org/1");
        register("tenant-a", "https://a.example.org/2");
        queue.refuse(body -> true, 1);

        MessageOutcome outcome =
                processor().process(Notifications.event(Notifications.of("tenant-a", NotificationType.SUCCEEDED)), 1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(queue.bodies()).hasSize(2);
    }

    @Test
    void aFanOutThatCannotQueueItsDeliveriesIsRetriedWithBackoffThenDeadLettered() {
        register("tenant-a", "https://a.example.org/1");
        queue.refuse(body -> true, Integer.MAX_VALUE);
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);
        String event = Notifications.event(notification);

        assertThat(processor().process(event, 1)).isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(processor().process(event, MAX_ATTEMPTS)).isEqualTo(MessageOutcome.ACKNOWLEDGE);

        assertThat(queue.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.body()).isEqualTo(event);
            assertThat(letter.attributes())
                    .containsEntry(NotificationQueue.FAILURE, "QUEUE_UNAVAILABLE")
                    .containsEntry(NotificationQueue.NOTIFICATION_ID, notification.id())
                    .containsEntry(NotificationQueue.ATTEMPTS, Integer.toString(MAX_ATTEMPTS));
        });
    }

    @Test
    void aRegistryOutageReturnsTheNotificationWithItsBackoff() {
        register("tenant-a", "https://a.example.org/1");
        webhooks.failures().fail(InMemoryWebhookStore.Operation.LIST);

        MessageOutcome outcome =
                processor().process(Notifications.event(Notifications.of("tenant-a", NotificationType.SUCCEEDED)), 2);

        assertThat(outcome).isEqualTo(new MessageOutcome.ReturnLater(20));
        assertThat(metrics.webhookFailures()).containsExactly("REGISTRY_UNAVAILABLE");
    }

    // ------------------------------------------------------------------ retries and the DLQ

    @Test
    void aFailingReceiverIsRetriedWithGrowingDelaysThenDeadLetteredWithItsReasons() {
        Webhook webhook = register("tenant-a", "https://a.example.org/down");
        answers.put(webhook.url(), 503);
        Notification notification = Notifications.of("tenant-a", NotificationType.FAILED);
        String delivery = Delivery.first(webhook.id(), Notifications.received(notification))
                .body();

        List<MessageOutcome> outcomes = new ArrayList<>();
        for (int receive = 1; receive <= MAX_ATTEMPTS; receive++) {
            outcomes.add(processor().process(delivery, receive));
        }

        assertThat(outcomes)
                .containsExactly(
                        new MessageOutcome.ReturnLater(10),
                        new MessageOutcome.ReturnLater(20),
                        new MessageOutcome.ReturnLater(40),
                        MessageOutcome.ACKNOWLEDGE);
        assertThat(sent).hasSize(MAX_ATTEMPTS);
        assertThat(queue.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.attributes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            NotificationQueue.FAILURE, "HTTP_503",
                            NotificationQueue.HTTP_STATUS, "503",
                            NotificationQueue.ATTEMPTS, Integer.toString(MAX_ATTEMPTS),
                            NotificationQueue.WEBHOOK_ID, webhook.id(),
                            NotificationQueue.NOTIFICATION_ID, notification.id()));
            assertThat(NotificationMessage.parse(letter.body()))
                    .hasValueSatisfying(
                            m -> assertThat(((Delivery) m).webhookId()).isEqualTo(webhook.id()));
        });
        assertThat(metrics.webhookDeadLetters()).containsExactly("HTTP_5XX");
    }

    @Test
    void aReceiverBackAfterFailuresGetsTheSameWebhookIdAndBody() {
        Webhook webhook = register("tenant-a", "https://a.example.org/flaky");
        answers.put(webhook.url(), 500);
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);
        String delivery = Delivery.first(webhook.id(), Notifications.received(notification))
                .body();

        processor().process(delivery, 1);
        processor().process(delivery, 2);
        answers.put(webhook.url(), 202);
        MessageOutcome third = processor().process(delivery, 3);

        assertThat(third).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(sent).extracting(s -> s.headers().get("webhook-id")).containsOnly(notification.id());
        assertThat(sent)
                .extracting(Sent::body)
                .allSatisfy(b -> assertThat(b).isEqualTo(sent.get(0).body()));
        assertThat(queue.deadLetters()).isEmpty();
        assertThat(metrics.webhooksDelivered()).isEqualTo(1);
    }

    @Test
    void aDeadLetterThatCannotBeSentReturnsTheMessage() {
        Webhook webhook = register("tenant-a", "https://a.example.org/down");
        answers.put(webhook.url(), 500);
        queue.deadLetterDown(true);

        MessageOutcome outcome = processor()
                .process(
                        Delivery.first(
                                        webhook.id(),
                                        Notifications.received(Notifications.of("tenant-a", NotificationType.FAILED)))
                                .body(),
                        MAX_ATTEMPTS);

        assertThat(outcome).isInstanceOf(MessageOutcome.ReturnLater.class);
    }

    @Test
    void aSecretStoreOutageIsRetriedNotDropped() {
        Webhook webhook = register("tenant-a", "https://a.example.org/1");
        secrets.failures().fail(InMemoryWebhookSecrets.Operation.FIND);

        MessageOutcome outcome = processor()
                .process(
                        Delivery.first(
                                        webhook.id(),
                                        Notifications.received(
                                                Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                                .body(),
                        1);

        assertThat(outcome).isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(metrics.webhookFailures()).containsExactly("SECRET_UNAVAILABLE");
        assertThat(sent).isEmpty();
    }

    @Test
    void aWebhookRegisteredAMomentAgoWithoutItsSecretYetIsRetriedAndAnOlderOneDropped() {
        Webhook fresh = new Webhook(
                "wh_01KBZFRESH",
                "tenant-a",
                URI.create("https://a.example.org/new"),
                Set.of(),
                clock.epochSecond() - 5);
        Webhook old = new Webhook(
                "wh_01KBZOLD",
                "tenant-a",
                URI.create("https://a.example.org/old"),
                Set.of(),
                clock.epochSecond() - 3_600);
        webhooks.save(fresh);
        webhooks.save(old);
        Received notification = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));

        assertThat(processor().process(Delivery.first(fresh.id(), notification).body(), 1))
                .isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(processor().process(Delivery.first(old.id(), notification).body(), 1))
                .isEqualTo(MessageOutcome.ACKNOWLEDGE);

        assertThat(metrics.webhookFailures()).containsExactly("SECRET_UNAVAILABLE");
        assertThat(metrics.webhooksDropped()).isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterQueueAtOnce() {
        for (String body : List.of(
                "not json",
                "[]",
                "{\"source\":\"someone-else\",\"detail\":{}}",
                "{\"delivery\":{\"webhookId\":\"wh_1\"}}",
                "{\"delivery\":{\"webhookId\":\"../admin\"},\"notification\":{}}",
                "")) {
            assertThat(processor().process(body, 1)).as(body).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        }

        assertThat(queue.deadLetters())
                .hasSize(6)
                .allSatisfy(letter ->
                        assertThat(letter.attributes()).containsEntry(NotificationQueue.FAILURE, "MALFORMED_MESSAGE"));
        assertThat(sent).isEmpty();
    }

    // ------------------------------------------------------------------ rate limit

    @Test
    void overTheRateADeliveryIsDeferredAsANewMessageThatKeepsItsAttempts() {
        Webhook webhook = register("tenant-a", "https://a.example.org/busy");
        // One per second, and no waiting in the notifier: the second delivery of this second is deferred.
        rateLimiter = new DeliveryRateLimiter(1, Duration.ZERO, now::get);
        Received notification = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));
        String first = Delivery.first(webhook.id(), notification).body();
        String second = Delivery.first(webhook.id(), notification).body();

        assertThat(processor().process(first, 1)).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(processor().process(second, 3)).isEqualTo(MessageOutcome.ACKNOWLEDGE);

        assertThat(sent).hasSize(1);
        assertThat(queue.sent()).singleElement().satisfies(deferred -> {
            assertThat(deferred.delaySeconds()).isBetween(1, NotificationQueue.MAX_SEND_DELAY_SECONDS);
            Delivery copy =
                    (Delivery) NotificationMessage.parse(deferred.body()).orElseThrow();
            // Received for the 3rd time, but this receive made no attempt: the copy's first receive is attempt 3.
            assertThat(copy.attemptsBefore()).isEqualTo(2);
            assertThat(copy.attempt(1)).isEqualTo(3);
            assertThat(copy.notification().id()).isEqualTo(notification.id());
        });
        assertThat(metrics.webhookThrottles()).containsExactly(true);
    }

    @Test
    void aDeferredDeliveryCountsItsEarlierAttemptsTowardsTheLimit() {
        Webhook webhook = register("tenant-a", "https://a.example.org/down");
        answers.put(webhook.url(), 500);
        Received notification = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));
        String copy = Delivery.first(webhook.id(), notification)
                .withAttemptsBefore(MAX_ATTEMPTS - 1)
                .body();

        assertThat(processor().process(copy, 1)).isEqualTo(MessageOutcome.ACKNOWLEDGE);

        assertThat(queue.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.attributes()).containsEntry(NotificationQueue.ATTEMPTS, Integer.toString(MAX_ATTEMPTS));
            // Redriven, it starts over.
            assertThat(((Delivery) NotificationMessage.parse(letter.body()).orElseThrow()).attemptsBefore())
                    .isZero();
        });
    }

    @Test
    void aShortWaitForTheRateIsSpentInTheNotifier() {
        Webhook webhook = register("tenant-a", "https://a.example.org/busy");
        AtomicInteger calls = new AtomicInteger();
        // The clock moves 1 µs per reading: after the burst, the wait for a token is short and is waited out here.
        rateLimiter = new DeliveryRateLimiter(1000, Duration.ofSeconds(1), () -> calls.incrementAndGet() * 1_000L);
        Received notification = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));

        for (int i = 0; i < 1_001; i++) {
            processor().process(Delivery.first(webhook.id(), notification).body(), 1);
        }

        assertThat(sent).hasSize(1_001);
        assertThat(queue.sent()).isEmpty();
        assertThat(metrics.webhookThrottles()).contains(false).doesNotContain(true);
    }
}
