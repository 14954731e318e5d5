package io.medsum.notifier.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.common.notify.NotificationDocument;
import io.medsum.common.notify.NotificationDocument.Received;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two kinds of message on the notifications queue.
 *
 * <ul>
 *   <li>{@link Notification}: the EventBridge event the bus rule put there (the whole envelope, {@code "source":
 *       "medsum"}, the notification in {@code detail}); the notifier fans it out.
 *   <li>{@link Delivery}: one webhook's delivery of a notification, which the fan-out sent:
 *       <pre>{"delivery": {"webhookId": "wh_…", "attemptsBefore": 2}, "notification": &lt;the detail&gt;}</pre>
 *       ids only, never more than the detail ({@link NotificationDocument}'s one JSON form). The tenant is the
 *       notification's own, not repeated, so a delivery cannot name a tenant other than its notification's.
 *       {@code attemptsBefore} (absent when 0) counts the attempts made before this message was sent: a delivery put
 *       back on the queue by the rate limit is a new message, and its attempts go on from where they were.
 * </ul>
 */
public sealed interface NotificationMessage {
    /** Webhook ids are {@code wh_} + a ULID; anything of another shape is not ours. */
    Pattern WEBHOOK_ID = Pattern.compile("wh_[0-9A-Za-z]{1,64}");

    /** A notification as the bus delivered it: to be fanned out. */
    record Notification(Received notification) implements NotificationMessage {}

    /** One webhook's delivery of a notification. */
    record Delivery(String webhookId, int attemptsBefore, Received notification) implements NotificationMessage {
        public Delivery {
            if (attemptsBefore < 0) {
                throw new IllegalArgumentException("attemptsBefore must not be negative");
            }
        }

        /** The delivery a fan-out sends: no attempts yet. */
        public static Delivery first(String webhookId, Received notification) {
            return new Delivery(webhookId, 0, notification);
        }

        /** This delivery's attempt number on the {@code receiveCount}th receive of its message. */
        public int attempt(int receiveCount) {
            return attemptsBefore + Math.max(1, receiveCount);
        }

        /** The same delivery with its attempt count set (the rate limit's copy, a dead letter's reset). */
        public Delivery withAttemptsBefore(int attempts) {
            return new Delivery(webhookId, attempts, notification);
        }

        /** The message body. */
        public String body() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ObjectNode delivery = body.putObject("delivery");
            delivery.put("webhookId", webhookId);
            if (attemptsBefore > 0) {
                delivery.put("attemptsBefore", attemptsBefore);
            }
            body.set("notification", notification.detail());
            return body.toString();
        }

        @Override
        public String toString() {
            return "Delivery[webhookId=" + webhookId + ", notification=" + notification.id() + "]";
        }
    }

    /** Reads a message body; empty when it is neither kind (the notifier dead-letters it at once). */
    static Optional<NotificationMessage> parse(String body) {
        if (body == null || body.isEmpty()) {
            return Optional.empty();
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (message == null || !message.isObject()) {
            return Optional.empty();
        }
        if (!message.has("delivery")) {
            return NotificationDocument.fromEvent(body).map(Notification::new);
        }
        JsonNode delivery = message.get("delivery");
        JsonNode webhookId = delivery.path("webhookId");
        JsonNode attempts = delivery.path("attemptsBefore");
        if (!webhookId.isTextual() || !WEBHOOK_ID.matcher(webhookId.asText()).matches()) {
            return Optional.empty();
        }
        if (!attempts.isMissingNode() && !(attempts.canConvertToInt() && attempts.isIntegralNumber())) {
            return Optional.empty();
        }
        int attemptsBefore = attempts.isMissingNode() ? 0 : attempts.asInt();
        if (attemptsBefore < 0) {
            return Optional.empty();
        }
        return NotificationDocument.fromDetail(message.get("notification"))
                .map(n -> new Delivery(webhookId.asText(), attemptsBefore, n));
    }
}
