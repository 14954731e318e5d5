package io.medsum.cli.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A message of the notifications dead-letter queue, as {@code ./medsum webhooks failures} shows it. The notifier
 * dead-letters a delivery with message attributes {@code failure}, {@code attempts}, {@code webhookId} and
 * {@code notificationId}; EventBridge dead-letters an event it could not put on the queue with {@code ERROR_CODE} and
 * {@code RETRY_ATTEMPTS}. The notification itself is read from the body: an EventBridge event (its {@code detail}), a
 * notifier delivery ({@code {"delivery": {"webhookId", "attemptsBefore"?}, "notification": <detail>}}), or the
 * notification itself.
 *
 * @param patientId for the audit trail only: never printed
 */
public record FailedNotification(
        String notificationId,
        String type,
        String reportId,
        String patientId,
        String webhookId,
        String attempts,
        String failure) {
    /** The attributes that describe a failed series of attempts: a redrive starts a new one without them. */
    public static final Set<String> FAILURE_ATTRIBUTES = Set.of("failure", "attempts");

    public static FailedNotification of(Message message) {
        Optional<JsonNode> notification = notification(message.body());
        JsonNode data = notification.map(n -> n.path("data")).orElse(null);
        return new FailedNotification(
                attribute(message, "notificationId")
                        .or(() -> notification.map(n -> n.path("id").asText(null)))
                        .orElse(null),
                notification.map(n -> n.path("type").asText(null)).orElse(null),
                data == null ? null : data.path("reportId").asText(null),
                data == null ? null : data.path("patientId").asText(null),
                attribute(message, "webhookId")
                        .or(() -> body(message.body())
                                .map(b -> b.path("delivery").path("webhookId").asText(null)))
                        .orElse(null),
                attribute(message, "attempts")
                        .or(() -> attribute(message, "RETRY_ATTEMPTS"))
                        .orElse(null),
                attribute(message, "failure")
                        .or(() -> attribute(message, "ERROR_CODE"))
                        .orElse(null));
    }

    /**
     * The body a redriven message carries: the same, but a delivery's {@code attemptsBefore} (attempts it made before a
     * rate-limit resend) is dropped, so the redrive is a new series of attempts. Any other body is kept as it is.
     */
    public static String redriveBody(String body) {
        Optional<JsonNode> root = body(body);
        if (root.isEmpty() || !root.get().path("delivery").has("attemptsBefore")) {
            return body;
        }
        ObjectNode copy = (ObjectNode) root.get().deepCopy();
        ((ObjectNode) copy.get("delivery")).remove("attemptsBefore");
        return Json.write(copy);
    }

    /** The message's attributes less {@link #FAILURE_ATTRIBUTES}: what a redriven message carries. */
    public static Map<String, MessageAttributeValue> redriveAttributes(Message message) {
        Map<String, MessageAttributeValue> kept = new HashMap<>(message.messageAttributes());
        kept.keySet().removeAll(FAILURE_ATTRIBUTES);
        return kept;
    }

    private static Optional<String> attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null
                        || value.stringValue() == null
                        || value.stringValue().isBlank()
                ? Optional.empty()
                : Optional.of(value.stringValue());
    }

    /** The body as a JSON object; empty when it is not one. */
    private static Optional<JsonNode> body(String body) {
        try {
            JsonNode root = body == null ? null : Json.MAPPER.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> notification(String body) {
        Optional<JsonNode> parsed = body(body);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = parsed.get();
        for (JsonNode candidate : new JsonNode[] {
            root.path("detail"), root.path("notification").path("detail"), root.path("notification"), root
        }) {
            if (candidate.isObject()
                    && candidate.has("type")
                    && candidate.path("data").isObject()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Never the patient id: it is for the audit trail only. */
    @Override
    public String toString() {
        return "FailedNotification[id=" + notificationId + ", type=" + type + ", reportId=" + reportId + "]";
    }
}
