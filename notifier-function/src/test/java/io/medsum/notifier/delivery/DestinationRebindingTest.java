package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.notify.NotificationType;
import io.medsum.common.retry.RetryBackoff;
import io.medsum.common.testing.CountingEndpoint;
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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Receivers are not a way in. A host that resolved to a public address when it was registered and resolves to a
 * loopback, private, link-local or metadata address when a delivery is made (DNS rebinding) is refused at the delivery,
 * and nothing connects: a listener on 127.0.0.1, at the port the webhook names, counts no connection.
 */
class DestinationRebindingTest {
    private static final InetAddress PUBLIC = address("hooks.example.test", 93, 184, 216, 34);

    private final CountingEndpoint loopbackListener = new CountingEndpoint();
    private final int port = URI.create(loopbackListener.url()).getPort();
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore();
    private final InMemoryWebhookSecrets secrets = new InMemoryWebhookSecrets();
    private final InMemoryNotificationQueue queue = new InMemoryNotificationQueue();
    private final RecordingPipelineMetrics metrics = new RecordingPipelineMetrics();
    private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(2), "medsum-webhooks/test");

    DestinationRebindingTest() throws Exception {}

    @AfterEach
    void stop() throws Exception {
        sender.close();
        loopbackListener.close();
    }

    private static InetAddress address(String host, int... octets) {
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            bytes[i] = (byte) octets[i];
        }
        try {
            return octets.length == 16
                    ? Inet6Address.getByAddress(host, bytes, -1) // kept IPv6 even when it embeds an IPv4 address
                    : InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the rebinding name answers at delivery time. */
    static Stream<Arguments> rebound() {
        return Stream.of(
                Arguments.of("127.0.0.1", new InetAddress[] {address("hooks.example.test", 127, 0, 0, 1)}),
                Arguments.of(
                        "169.254.169.254 (instance metadata)",
                        new InetAddress[] {address("hooks.example.test", 169, 254, 169, 254)}),
                Arguments.of("10.0.0.7", new InetAddress[] {address("hooks.example.test", 10, 0, 0, 7)}),
                Arguments.of("::ffff:127.0.0.1", new InetAddress[] {
                    address("hooks.example.test", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1)
                }),
                Arguments.of("fd00:ec2::254 (instance metadata, IPv6)", new InetAddress[] {
                    address("hooks.example.test", 0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x54)
                }),
                Arguments.of(
                        "a public address and 127.0.0.1",
                        new InetAddress[] {PUBLIC, address("hooks.example.test", 127, 0, 0, 1)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rebound")
    void aHostThatResolvesToANonPublicAddressAtDeliveryIsRefusedAndNothingConnects(
            String label, InetAddress[] atDelivery) {
        AtomicInteger lookups = new AtomicInteger();
        DestinationPolicy policy = new DestinationPolicy(
                List.of(),
                false,
                host -> lookups.getAndIncrement() == 0 ? new InetAddress[] {PUBLIC} : atDelivery.clone());
        String url = "https://hooks.example.test:" + port + "/medsum";
        assertThat(policy.refusal(url)).as("at registration").isEmpty();
        Webhook webhook = Notifications.webhook("tenant-a", URI.create(url));
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());

        MessageOutcome outcome = processor(policy)
                .process(
                        Delivery.first(
                                        webhook.id(),
                                        Notifications.received(
                                                Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                                .body(),
                        1);

        assertThat(outcome).isInstanceOf(MessageOutcome.ReturnLater.class);
        assertThat(metrics.webhookFailures()).containsExactly("DESTINATION_REFUSED");
        assertThat(lookups).hasValue(2);
        assertThat(loopbackListener.connections()).isZero();
    }

    @Test
    void aLoopbackReceiverIsRefusedWhereLoopbackIsNotAllowed() {
        DestinationPolicy deployed = new DestinationPolicy(List.of(), false, InetAddress::getAllByName);
        Webhook webhook = Notifications.webhook("tenant-a", URI.create(loopbackListener.url() + "/hook"));
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());

        MessageOutcome outcome = processor(deployed)
                .process(
                        Delivery.first(
                                        webhook.id(),
                                        Notifications.received(
                                                Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                                .body(),
                        1);

        assertThat(outcome).isInstanceOf(MessageOutcome.ReturnLater.class);
        assertThat(metrics.webhookFailures()).containsExactly("DESTINATION_REFUSED");
        assertThat(loopbackListener.connections()).isZero();
    }

    @Test
    void theLastAttemptAtARefusedDestinationGoesToTheDeadLetterQueueWithTheReason() {
        DestinationPolicy policy =
                new DestinationPolicy(List.of(), false, host -> new InetAddress[] {address(host, 10, 1, 2, 3)});
        Webhook webhook = Notifications.webhook("tenant-a", URI.create("https://hooks.example.test/medsum"));
        webhooks.save(webhook);
        secrets.create(webhook, WebhookSecret.generate());

        MessageOutcome outcome = processor(policy)
                .process(
                        Delivery.first(
                                        webhook.id(),
                                        Notifications.received(
                                                Notifications.of("tenant-a", NotificationType.SUCCEEDED)))
                                .body(),
                        3);

        assertThat(outcome).isEqualTo(MessageOutcome.ACKNOWLEDGE);
        assertThat(queue.deadLetters())
                .singleElement()
                .satisfies(letter -> assertThat(letter.attributes())
                        .containsEntry(NotificationQueue.FAILURE, "DESTINATION_REFUSED")
                        .containsEntry(NotificationQueue.WEBHOOK_ID, webhook.id())
                        .containsEntry(NotificationQueue.ATTEMPTS, "3"));
    }

    private NotificationProcessor processor(DestinationPolicy policy) {
        return new NotificationProcessor(
                webhooks,
                secrets,
                policy,
                sender,
                new DeliveryRateLimiter(100, Duration.ofSeconds(1), System::nanoTime),
                queue,
                new DeliveryPolicy(3, new RetryBackoff(10, 300, bound -> 0)),
                metrics,
                MutableClock.at("2026-12-02T10:00:00Z"));
    }
}
