package io.medsum.notifier.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.domain.FailureCode;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportStatus;
import io.medsum.common.json.Json;
import io.medsum.common.notify.Notification;
import io.medsum.common.notify.NotificationDocument;
import io.medsum.common.notify.NotificationDocument.Received;
import io.medsum.common.notify.NotificationIds;
import io.medsum.common.notify.NotificationType;
import io.medsum.notifier.webhook.Webhook;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Sample notifications, as the bus puts them on the queue, and webhooks. */
public final class Notifications {
    public static final String API_URL = "https://api.test/v1";

    private static int webhooks;

    private Notifications() {}

    /** A notification of the given tenant and type, with a fresh id. */
    public static Notification of(String tenant, NotificationType type) {
        ReportStatus status = switch (type) {
            case SUCCEEDED, REVIEWED -> ReportStatus.SUCCESS;
            case FAILED -> ReportStatus.FAILED;
            case NEEDS_REVIEW -> ReportStatus.NEEDS_REVIEW;
        };
        return new Notification(
                NotificationIds.next(),
                type,
                Instant.parse("2026-12-02T10:00:00Z"),
                tenant,
                new ReportKey("PATIENT-" + tenant, ReportIds.next()),
                status,
                status == ReportStatus.FAILED ? FailureCode.RETRIES_EXHAUSTED : null);
    }

    /** The whole EventBridge event the bus rule puts on the notifications queue. */
    public static String event(Notification notification) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        event.put("detail-type", notification.type().wireName());
        event.put("source", NotificationDocument.SOURCE);
        event.put("account", "000000000000");
        event.put("time", notification.timestamp().toString());
        event.put("region", "eu-west-1");
        event.putArray("resources");
        event.set("detail", tree(NotificationDocument.detail(notification, API_URL)));
        return event.toString();
    }

    /** The notification as the notifier reads it. */
    public static Received received(Notification notification) {
        return NotificationDocument.fromEvent(event(notification)).orElseThrow();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A webhook with a fresh id; {@code types} empty for every type. */
    public static synchronized Webhook webhook(String tenant, URI url, NotificationType... types) {
        Set<NotificationType> events = EnumSet.noneOf(NotificationType.class);
        events.addAll(Set.of(types));
        webhooks++;
        String id = "wh_" + String.format("%026d", webhooks);
        return new Webhook(id, tenant, url, events, 1_764_669_600L);
    }
}
