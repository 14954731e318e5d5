package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.medsum.notifier.testing.Receiver;
import io.medsum.notifier.testing.Receiver.Reply;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery attempt against a real receiver on 127.0.0.1, through the real HTTP client: what arrives (headers, body,
 * a signature that verifies), and which answers are failed attempts (timeouts, redirects, 4xx, 5xx, a refused
 * connection). The local stack's exception for http://127.0.0.1 receivers is on here.
 */
class WebhookDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_ATTEMPTS = 5;

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:05Z");
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final InMemoryNotificationQueue queue = new InMemoryNotificationQueue();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final WebhookSender sender = new WebhookSender(TIMEOUT, "medsum-webhooks/test");
    private final Receiver receiver = Receiver.start();
    private final Receiver redirectTarget = Receiver.start();
    /** No jitter: the first retry after 10 s, then 20, 40 ... */
    private final RetryBackoff backoff = new RetryBackoff(10, 300, bound -> bound - 1);

    private final NotificationProcessor processor = new NotificationProcessor(
            webhooks,
            secrets,
            new DestinationPolicy(List.of(), true, WebhookDeliveryTest::noDns),
            sender,
            new DeliveryRateLimiter(100, TIMEOUT, System::nanoTime),
            queue,
            new DeliveryPolicy(MAX_ATTEMPTS, backoff),
            metrics,
            clock);

    WebhookDeliveryTest() throws Exception {}

    private static InetAddress[] noDns(String host) throws UnknownHostException {
        throw new UnknownHostException("no DNS in this test");
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
        redirectTarget.close();
    }

    private record Registered(Webhook webhook, WebhookSecret secret) {}

    private Registered register(URI url) {
        Webhook webhook = Notifications.webhook("tenant-a", url);
        WebhookSecret secret = WebhookSecret.generate();
        webhooks.save(webhook);
        secrets.create(webhook, secret);
        return new Registered(webhook, secret);
    }

    private static String deliveryOf(Webhook webhook, Received notification) {
        return Delivery.first(webhook.id(), notification).body();
    }

    @Test
    void aDeliveryArrivesSignedWithTheStandardWebhooksHeaders() {
        Registered hook = register(receiver.url("/hooks/medsum?token=abc"));
        Notification notification = Notifications.of("tenant-a", NotificationType.SUCCEEDED);
        Received received = Notifications.received(notification);

        MessageOutcome outcome = processor.process(deliveryOf(hook.webhook(), received), 1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(receiver.requests()).hasSize(1);
        Receiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/medsum?token=abc");
        assertThat(request.header("webhook-id")).isEqualTo(notification.id());
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(clock.epochSecond()));
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.header("user-agent")).isEqualTo("medsum-webhooks/test");
        assertThat(request.header("cookie")).isNull();
        assertThat(request.header("authorization")).isNull();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(received.webhookBody());
        assertThat(WebhookSignature.verify(
                        hook.secret(),
                        request.header("webhook-id"),
                        Long.parseLong(request.header("webhook-timestamp")),
                        request.body(),
                        request.header("webhook-signature")))
                .isTrue();
        assertThat(metrics.webhooksDelivered()).isEqualTo(1);
    }

    @Test
    void theBodyIsTheNotificationsTypeTimestampAndDataOnly() throws Exception {
        Registered hook = register(receiver.url("/"));
        Notification notification = Notifications.of("tenant-a", NotificationType.FAILED);

        processor.process(deliveryOf(hook.webhook(), Notifications.received(notification)), 1);

        var body = io.medsum.common.json.Json.MAPPER.readTree(
                receiver.requests().get(0).body());
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(body.path("type").asText()).isEqualTo("report.failed");
        assertThat(body.path("data").path("reportId").asText())
                .isEqualTo(notification.report().reportId());
        assertThat(body.path("data").path("failureCode").asText()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(body.has("tenant")).isFalse();
    }

    @Test
    void aRetryKeepsTheWebhookIdAndSignsItsOwnTimestamp() {
        Registered hook = register(receiver.url("/"));
        Received received = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));
        receiver.answer(request -> Reply.status(receiver.requests().size() == 1 ? 503 : 200));
        String delivery = deliveryOf(hook.webhook(), received);

        assertThat(processor.process(delivery, 1)).isEqualTo(new MessageOutcome.ReturnLater(10));
        clock.advance(Duration.ofSeconds(6));
        assertThat(processor.process(delivery, 2)).isEqualTo(MessageOutcome.ACKNOWLEDGE);

        List<Receiver.Request> requests = receiver.requests();
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(received.id());
        assertThat(requests.get(1).header("webhook-timestamp"))
                .isEqualTo(Long.toString(Long.parseLong(requests.get(0).header("webhook-timestamp")) + 6));
        assertThat(requests)
                .allSatisfy(r -> assertThat(WebhookSignature.verify(
                                hook.secret(),
                                r.header("webhook-id"),
                                Long.parseLong(r.header("webhook-timestamp")),
                                r.body(),
                                r.header("webhook-signature")))
                        .isTrue());
        assertThat(requests.get(0).body()).isEqualTo(requests.get(1).body());
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsAFailedAttempt() {
        Registered hook = register(receiver.url("/"));
        receiver.answer(request -> new Reply(200, Map.of(), TIMEOUT.toMillis() * 6, 0));

        MessageOutcome outcome = processor.process(
                deliveryOf(
                        hook.webhook(),
                        Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED))),
                1);

        assertThat(outcome).isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(metrics.webhookFailures()).containsExactly("TIMEOUT");
    }

    @Test
    void aReceiverThatTricklesItsAnswerIsCutOffAtTheTimeout() throws Exception {
        // One header byte every 50 ms: no single read waits as long as the timeout, the whole answer would take 10 s.
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dribble = new Thread(() -> {
                try (Socket connection = trickler.accept()) {
                    OutputStream out = connection.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 200; i++) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // The client gave up: what the test expects.
                }
            });
            dribble.setDaemon(true);
            dribble.start();

            WebhookSender.Response response = sender.post(
                    URI.create("http://127.0.0.1:" + trickler.getLocalPort() + "/"),
                    new InetAddress[] {InetAddress.getLoopbackAddress()},
                    Map.of("webhook-id", "msg_1"),
                    new byte[] {'{', '}'});

            assertThat(response.failure()).isEqualTo(DeliveryFailure.of(DeliveryFailure.Kind.TIMEOUT));
            dribble.interrupt();
        }
    }

    @Test
    void aRedirectIsAFailedAttemptAndIsNotFollowed() {
        Registered hook = register(receiver.url("/"));
        receiver.answer(request -> new Reply(
                302, Map.of("Location", redirectTarget.url("/elsewhere").toString()), 0, 0));

        MessageOutcome outcome = processor.process(
                deliveryOf(
                        hook.webhook(),
                        Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED))),
                1);

        assertThat(outcome).isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(metrics.webhookFailures()).containsExactly("REDIRECT");
        assertThat(redirectTarget.requests()).isEmpty();
    }

    @Test
    void clientAndServerErrorsAreFailedAttempts() {
        Registered hook = register(receiver.url("/"));
        Received received = Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED));
        String delivery = deliveryOf(hook.webhook(), received);

        receiver.answer(request -> Reply.status(404));
        assertThat(processor.process(delivery, 1)).isEqualTo(new MessageOutcome.ReturnLater(10));
        receiver.answer(request -> Reply.status(401));
        assertThat(processor.process(delivery, 2)).isEqualTo(new MessageOutcome.ReturnLater(20));
        receiver.answer(request -> Reply.status(503));
        assertThat(processor.process(delivery, 3)).isEqualTo(new MessageOutcome.ReturnLater(40));

        assertThat(metrics.webhookFailures()).containsExactly("HTTP_4XX", "HTTP_4XX", "HTTP_5XX");
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsAFailedAttempt() {
        URI nobodyListens = receiver.url("/");
        receiver.close();
        Registered hook = register(nobodyListens);

        MessageOutcome outcome = processor.process(
                deliveryOf(
                        hook.webhook(),
                        Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED))),
                1);

        assertThat(outcome).isEqualTo(new MessageOutcome.ReturnLater(10));
        assertThat(metrics.webhookFailures()).containsExactly("CONNECTION_REFUSED");
    }

    @Test
    void aHugeAnswerIsNotReadBeyondTheCap() {
        long huge = 256L * 1024 * 1024;
        receiver.answer(request -> new Reply(200, Map.of(), 0, huge));

        WebhookSender.Response response = sender.post(
                receiver.url("/"),
                new InetAddress[] {InetAddress.getLoopbackAddress()},
                Map.of("webhook-id", "msg_1"),
                new byte[] {'{', '}'});

        assertThat(response.isSuccess()).isTrue();
        assertThat(response.bytesRead()).isEqualTo(WebhookSender.MAX_RESPONSE_BYTES);
        // The client hung up: the receiver could not write its answer to the end.
        awaitReceiverDone();
        assertThat(receiver.bodyCompleted()).isFalse();
        assertThat(receiver.bodyBytesWritten()).isLessThan(huge);
    }

    private void awaitReceiverDone() {
        long seen = -1;
        for (int i = 0; i < 200 && receiver.bodyBytesWritten() != seen; i++) {
            seen = receiver.bodyBytesWritten();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void theClientConnectsToThePinnedAddressesAndKeepsTheHostName() {
        // receiver.test resolves nowhere: the request can only reach 127.0.0.1 through the pinned answer.
        URI url = URI.create("http://receiver.test:" + receiver.port() + "/hook");

        WebhookSender.Response response = sender.post(
                url, new InetAddress[] {InetAddress.getLoopbackAddress()}, Map.of("webhook-id", "msg_1"), new byte[] {
                    '{', '}'
                });

        assertThat(response.status()).isEqualTo(204);
        assertThat(receiver.requests())
                .singleElement()
                .satisfies(request -> assertThat(request.header("host")).isEqualTo("receiver.test:" + receiver.port()));
    }

    @Test
    void aWebhookDeletedMeanwhileDropsItsDeliveryWithoutARequest() {
        Registered hook = register(receiver.url("/"));
        webhooks.delete("tenant-a", hook.webhook().id());

        MessageOutcome outcome = processor.process(
                deliveryOf(
                        hook.webhook(),
                        Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED))),
                1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(receiver.requests()).isEmpty();
        assertThat(metrics.webhooksDropped()).isEqualTo(1);
    }

    @Test
    void aWebhookWithoutItsSecretDropsItsDeliveryWithoutARequest() {
        Registered hook = register(receiver.url("/"));
        secrets.delete(hook.webhook());

        MessageOutcome outcome = processor.process(
                deliveryOf(
                        hook.webhook(),
                        Notifications.received(Notifications.of("tenant-a", NotificationType.SUCCEEDED))),
                1);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(receiver.requests()).isEmpty();
    }
}
