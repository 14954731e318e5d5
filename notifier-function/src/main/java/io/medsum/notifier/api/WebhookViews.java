package io.medsum.notifier.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.common.json.Json;
import io.medsum.common.notify.NotificationType;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Webhooks as the API shows them: {@code {"id", "url", "events", "createdAt"}}, plus {@code secret} in the answer to
 * the registration, the only place it ever appears. {@code events} lists the types the webhook receives now: every
 * current type for a webhook registered without a filter.
 */
final class WebhookViews {
    private WebhookViews() {}

    static ObjectNode of(Webhook webhook) {
        ObjectNode view = Json.object();
        view.put("id", webhook.id());
        view.put("url", webhook.url().toString());
        ArrayNode events = view.putArray("events");
        Arrays.stream(NotificationType.values()).filter(webhook::receives).forEach(type -> events.add(type.wireName()));
        view.put("createdAt", Instant.ofEpochSecond(webhook.createdAt()).toString());
        return view;
    }

    /** The registration's answer: the view and, once, the signing secret. */
    static ObjectNode created(Webhook webhook, WebhookSecret secret) {
        ObjectNode view = of(webhook);
        view.put("secret", secret.value());
        return view;
    }

    static ObjectNode list(List<Webhook> webhooks) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        webhooks.forEach(webhook -> items.add(of(webhook)));
        return body;
    }
}
