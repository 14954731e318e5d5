package io.medsum.common.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.http.StatusLinks;
import io.medsum.common.json.Json;
import java.util.Optional;

/**
 * The one JSON form of a notification, written by the publisher and read by the notifier. The EventBridge
 * {@code detail} is
 *
 * <pre>{"id", "type", "timestamp", "tenant", "data": {"patientId", "reportId", "status", "failureCode"?, "statusUrl"}}
 * </pre>
 *
 * and a webhook's body is its {@code type}, {@code timestamp} and {@code data} (the Standard Webhooks payload shape;
 * the id travels in the {@code webhook-id} header, and the tenant is the receiver itself).
 */
public final class NotificationDocument {
    public static final String SOURCE = "medsum";

    private NotificationDocument() {}

    /** The EventBridge detail of a notification; {@code apiUrl} is the API's base URL for {@code statusUrl}. */
    public static String detail(Notification n, String apiUrl) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("id", n.id());
        detail.put("type", n.type().wireName());
        detail.put("timestamp", n.timestamp().toString());
        detail.put("tenant", n.tenant());
        ObjectNode data = detail.putObject("data");
        data.put("patientId", n.report().patientId());
        data.put("reportId", n.report().reportId());
        data.put("status", n.status().name());
        if (n.failureCode() != null) {
            data.put("failureCode", n.failureCode().name());
        }
        data.put("statusUrl", StatusLinks.statusUrl(apiUrl, n.report()));
        return detail.toString();
    }

    /**
     * A notification as an EventBridge rule delivers it to an SQS queue (the whole event, its detail inside); empty
     * when the body is not one of ours.
     */
    public static Optional<Received> fromEvent(String body) {
        try {
            JsonNode event = Json.MAPPER.readTree(body);
            if (event == null || !SOURCE.equals(event.path("source").asText())) {
                return Optional.empty();
            }
            return fromDetail(event.path("detail"));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A detail as {@link #detail} writes it; empty when a required member is missing or the type unknown. */
    public static Optional<Received> fromDetail(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            return Optional.empty();
        }
        String id = detail.path("id").asText("");
        String tenant = detail.path("tenant").asText("");
        JsonNode data = detail.path("data");
        Optional<NotificationType> type =
                NotificationType.fromWireName(detail.path("type").asText(""));
        if (id.isEmpty() || tenant.isEmpty() || type.isEmpty() || !data.isObject() || !detail.hasNonNull("timestamp")) {
            return Optional.empty();
        }
        return Optional.of(new Received(id, type.get(), tenant, (ObjectNode) detail.deepCopy()));
    }

    /** A notification read back from its detail; the detail is copied in and out, so it never changes. */
    public record Received(String id, NotificationType type, String tenant, ObjectNode detail) {
        public Received {
            detail = detail.deepCopy();
        }

        @Override
        public ObjectNode detail() {
            return detail.deepCopy();
        }

        /** The webhook body: the same bytes on every attempt, so a signature never depends on the attempt. */
        public String webhookBody() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("type", type.wireName());
            body.set("timestamp", detail.get("timestamp"));
            body.set("data", detail.get("data"));
            return body.toString();
        }

        public String reportId() {
            return detail.path("data").path("reportId").asText();
        }

        @Override
        public String toString() {
            return "Notification[id=" + id + ", type=" + type.wireName() + "]"; // the detail holds the patient id
        }
    }
}
