package io.medsum.notifier.delivery;

import io.medsum.common.notify.NotificationDocument.Received;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.ports.PipelineMetrics;
import io.medsum.notifier.delivery.DeliveryFailure.Kind;
import io.medsum.notifier.delivery.NotificationMessage.Delivery;
import io.medsum.notifier.delivery.NotificationMessage.Notification;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.DestinationPolicy.RefusedDestination;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import io.medsum.notifier.webhook.WebhookStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One message of the notifications queue, start to end.
 *
 * <ul>
 *   <li>A notification (from the bus) is fanned out: one delivery message per webhook <em>of its own tenant</em> that
 *       receives its type, sent back to the queue; a tenant without one acknowledges it.
 *   <li>A delivery is one signed HTTP attempt to its webhook: 2xx acknowledges it; anything else returns it with the
 *       backoff's delay, until the attempt WEBHOOK_MAX_ATTEMPTS fails and it goes to the DLQ with the reason. A webhook
 *       deleted meanwhile (or its secret, unless it was registered a moment ago) drops it without a request.
 *   <li>Anything else goes to the DLQ at once.
 * </ul>
 *
 * <p>Logs carry the webhook id, the notification id, the outcome, the HTTP status and the attempt: never the URL (its
 * path or query may hold a token), the body or a patient id.
 */
public final class NotificationProcessor {
    /** Log fields (MDC). */
    public static final String WEBHOOK_ID = "webhookId";

    public static final String NOTIFICATION_ID = "notificationId";

    /**
     * A webhook registered this recently and without a secret yet is retried, not dropped: the webhooks API writes the
     * secret just after the registration. Older ones without a secret are dropped (the secret is gone for good).
     */
    static final Duration SECRET_GRACE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(NotificationProcessor.class);

    private final WebhookStore webhooks;
    private final WebhookSecrets secrets;
    private final DestinationPolicy destinations;
    private final WebhookTransport transport;
    private final DeliveryRateLimiter rateLimiter;
    private final NotificationQueue queue;
    private final DeliveryPolicy policy;
    private final PipelineMetrics metrics;
    private final Clock clock;

    public NotificationProcessor(
            WebhookStore webhooks,
            WebhookSecrets secrets,
            DestinationPolicy destinations,
            WebhookTransport transport,
            DeliveryRateLimiter rateLimiter,
            NotificationQueue queue,
            DeliveryPolicy policy,
            PipelineMetrics metrics,
            Clock clock) {
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.destinations = destinations;
        this.transport = transport;
        this.rateLimiter = rateLimiter;
        this.queue = queue;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Handles a message received for the {@code receiveCount}th time (SQS's ApproximateReceiveCount). */
    public MessageOutcome process(String body, int receiveCount) {
        Optional<NotificationMessage> message = NotificationMessage.parse(body);
        if (message.isEmpty()) {
            return deadLetterMalformed(body, receiveCount);
        }
        if (message.get() instanceof Delivery delivery) {
            MDC.put(WEBHOOK_ID, delivery.webhookId());
            MDC.put(NOTIFICATION_ID, delivery.notification().id());
            try {
                return deliver(delivery, receiveCount);
            } finally {
                MDC.remove(WEBHOOK_ID);
                MDC.remove(NOTIFICATION_ID);
            }
        }
        Received notification = ((Notification) message.get()).notification();
        MDC.put(NOTIFICATION_ID, notification.id());
        try {
            return fanOut(notification, body, receiveCount);
        } finally {
            MDC.remove(NOTIFICATION_ID);
        }
    }

    // ------------------------------------------------------------------ fan-out

    private MessageOutcome fanOut(Received notification, String body, int receiveCount) {
        List<Webhook> tenantWebhooks;
        try {
            tenantWebhooks = webhooks.list(notification.tenant());
        } catch (RuntimeException e) {
            LOG.warn("Could not list the tenant's webhooks: {}", SafeErrors.describe(e));
            return fanOutFailed(notification, body, receiveCount, DeliveryFailure.of(Kind.REGISTRY_UNAVAILABLE));
        }
        List<String> deliveries = tenantWebhooks.stream()
                // The store reads one tenant's partition; checked here again, as the rule this all rests on.
                .filter(w -> w.tenant().equals(notification.tenant()))
                .filter(w -> w.receives(notification.type()))
                .map(w -> Delivery.first(w.id(), notification).body())
                .toList();
        if (deliveries.isEmpty()) {
            LOG.info(
                    "Notification {} has no webhook to go to",
                    notification.type().wireName());
            return MessageOutcome.ACKNOWLEDGE;
        }
        List<String> unsent = queue.sendAll(deliveries);
        if (!unsent.isEmpty()) {
            unsent = queue.sendAll(unsent); // SQS refuses batch entries now and then: once more, at once
        }
        metrics.webhookDeliveriesQueued(deliveries.size() - unsent.size());
        if (unsent.isEmpty()) {
            LOG.info(
                    "Notification {} fanned out to {} webhook(s)",
                    notification.type().wireName(),
                    deliveries.size());
            return MessageOutcome.ACKNOWLEDGE;
        }
        // Fanned out again later, whole: the webhooks already queued get a second delivery with the same webhook-id.
        LOG.warn("Could not queue {} of {} deliveries", unsent.size(), deliveries.size());
        return fanOutFailed(notification, body, receiveCount, DeliveryFailure.of(Kind.QUEUE_UNAVAILABLE));
    }

    private MessageOutcome fanOutFailed(Received notification, String body, int receiveCount, DeliveryFailure failure) {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(NotificationQueue.NOTIFICATION_ID, notification.id());
        return failed(body, receiveCount, failure, reasons);
    }

    // ------------------------------------------------------------------ delivery

    private MessageOutcome deliver(Delivery delivery, int receiveCount) {
        Received notification = delivery.notification();
        int attempt = delivery.attempt(receiveCount);
        Optional<Webhook> found;
        try {
            // The notification's tenant, always: a delivery can only reach a webhook of the report's own tenant.
            found = webhooks.find(notification.tenant(), delivery.webhookId());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the webhook: {}", SafeErrors.describe(e));
            return deliveryFailed(delivery, attempt, DeliveryFailure.of(Kind.REGISTRY_UNAVAILABLE));
        }
        if (found.isEmpty() || !found.get().receives(notification.type())) {
            LOG.info("Webhook delivery dropped: the webhook was deleted (attempt {})", attempt);
            metrics.webhookDropped();
            return MessageOutcome.ACKNOWLEDGE;
        }
        Webhook webhook = found.get();
        Optional<WebhookSecret> secret;
        try {
            secret = secrets.find(webhook);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the webhook's signing secret: {}", SafeErrors.describe(e));
            return deliveryFailed(delivery, attempt, DeliveryFailure.of(Kind.SECRET_UNAVAILABLE));
        }
        if (secret.isEmpty()) {
            if (clock.instant().getEpochSecond() - webhook.createdAt() < SECRET_GRACE.toSeconds()) {
                // Registered a moment ago: its secret may be written just after its registration. Try again.
                LOG.warn("The new webhook has no signing secret yet (attempt {})", attempt);
                return deliveryFailed(delivery, attempt, DeliveryFailure.of(Kind.SECRET_UNAVAILABLE));
            }
            LOG.warn("Webhook delivery dropped: the webhook has no signing secret (attempt {})", attempt);
            metrics.webhookDropped();
            return MessageOutcome.ACKNOWLEDGE;
        }
        InetAddress[] addresses;
        try {
            // Again at every delivery: the host may resolve elsewhere now than at registration (DNS rebinding).
            addresses = destinations.resolve(webhook.url());
        } catch (RefusedDestination e) {
            LOG.warn("Webhook destination refused: {} (attempt {})", e.getMessage(), attempt);
            return deliveryFailed(delivery, attempt, DeliveryFailure.of(Kind.DESTINATION_REFUSED));
        }
        DeliveryRateLimiter.Decision slot = rateLimiter.acquire(webhook.id());
        if (slot.deferred()) {
            return defer(delivery, receiveCount, slot.deferNanos());
        }
        if (slot.waitNanos() > 0) {
            metrics.webhookThrottled(false);
            if (!DeliveryRateLimiter.sleep(slot.waitNanos())) {
                return new MessageOutcome.ReturnLater(0);
            }
        }
        return attempt(webhook, secret.get(), addresses, delivery, attempt);
    }

    private MessageOutcome attempt(
            Webhook webhook, WebhookSecret secret, InetAddress[] addresses, Delivery delivery, int attempt) {
        Received notification = delivery.notification();
        byte[] body = notification.webhookBody().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", notification.id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(secret, notification.id(), timestamp, body));
        WebhookSender.Response response = transport.post(webhook.url(), addresses, headers, body);
        if (response.isSuccess()) {
            LOG.info(
                    "Webhook delivered: HTTP {} (attempt {}, {} ms)",
                    response.status(),
                    attempt,
                    response.elapsedMillis());
            metrics.webhookDelivered(response.elapsedMillis());
            return MessageOutcome.ACKNOWLEDGE;
        }
        return deliveryFailed(delivery, attempt, response.asFailure());
    }

    /**
     * Over the rate for longer than the notifier waits: the delivery goes back to the queue as a new message, delayed,
     * that keeps its attempt count (this receive made no attempt). Only if that send fails does it come back through
     * the visibility timeout, which costs a receive.
     */
    private MessageOutcome defer(Delivery delivery, int receiveCount, long deferNanos) {
        int delay = (int) Math.min(
                NotificationQueue.MAX_SEND_DELAY_SECONDS, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deferNanos) + 1));
        Delivery later = delivery.withAttemptsBefore(delivery.attemptsBefore() + Math.max(1, receiveCount) - 1);
        try {
            queue.send(later.body(), delay);
            LOG.info("Webhook delivery deferred {} s: over the webhook's rate", delay);
            metrics.webhookThrottled(true);
            return MessageOutcome.ACKNOWLEDGE;
        } catch (RuntimeException e) {
            LOG.warn("Could not defer a delivery over the rate: {}", SafeErrors.describe(e));
            return new MessageOutcome.ReturnLater(delay);
        }
    }

    private MessageOutcome deliveryFailed(Delivery delivery, int attempt, DeliveryFailure failure) {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(NotificationQueue.WEBHOOK_ID, delivery.webhookId());
        reasons.put(NotificationQueue.NOTIFICATION_ID, delivery.notification().id());
        if (failure.httpStatus() > 0) {
            reasons.put(NotificationQueue.HTTP_STATUS, Integer.toString(failure.httpStatus()));
        }
        // A redriven dead letter starts again with every attempt.
        return failed(delivery.withAttemptsBefore(0).body(), attempt, failure, reasons);
    }

    // ------------------------------------------------------------------ failures

    /** Returns the message with its backoff, or after the last attempt dead-letters it with the reasons. */
    private MessageOutcome failed(String body, int attempt, DeliveryFailure failure, Map<String, String> reasons) {
        boolean last = attempt >= policy.maxAttempts();
        LOG.warn("Attempt failed: {} (attempt {} of {})", failure.code(), attempt, policy.maxAttempts());
        int delay = policy.backoff().delaySeconds(attempt);
        if (!last) {
            metrics.webhookFailed(failure.metricReason(), false);
            return new MessageOutcome.ReturnLater(delay);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(NotificationQueue.FAILURE, failure.code());
        attributes.put(NotificationQueue.ATTEMPTS, Integer.toString(attempt));
        attributes.putAll(reasons);
        try {
            queue.deadLetter(body, attributes);
        } catch (RuntimeException e) {
            LOG.warn("Could not dead-letter a failed notification: {}", SafeErrors.describe(e));
            metrics.webhookFailed(failure.metricReason(), false);
            return new MessageOutcome.ReturnLater(delay);
        }
        LOG.warn("Sent to the notifications dead-letter queue: {} after {} attempt(s)", failure.code(), attempt);
        metrics.webhookFailed(failure.metricReason(), true);
        return MessageOutcome.ACKNOWLEDGE;
    }

    private MessageOutcome deadLetterMalformed(String body, int receiveCount) {
        String code = Kind.MALFORMED_MESSAGE.name();
        try {
            queue.deadLetter(
                    body,
                    Map.of(
                            NotificationQueue.FAILURE,
                            code,
                            NotificationQueue.ATTEMPTS,
                            Integer.toString(Math.max(1, receiveCount))));
        } catch (RuntimeException e) {
            LOG.warn("Could not dead-letter an unreadable message: {}", SafeErrors.describe(e));
            return new MessageOutcome.ReturnLater(policy.backoff().delaySeconds(receiveCount));
        }
        LOG.warn("Unreadable message sent to the notifications dead-letter queue");
        metrics.webhookFailed(code, true);
        return MessageOutcome.ACKNOWLEDGE;
    }
}
