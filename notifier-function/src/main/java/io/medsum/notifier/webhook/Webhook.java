package io.medsum.notifier.webhook;

import io.medsum.common.notify.NotificationType;
import java.net.URI;
import java.util.Set;

/**
 * A tenant's registered receiver. Its signing secret is not here: it lives in {@link WebhookSecrets} and is shown once,
 * in the registration's answer.
 *
 * @param id {@code wh_} + a ULID
 * @param events the types it receives; every type when empty
 * @param createdAt epoch seconds
 */
public record Webhook(String id, String tenant, URI url, Set<NotificationType> events, long createdAt) {
    public Webhook {
        events = Set.copyOf(events);
    }

    public boolean receives(NotificationType type) {
        return events.isEmpty() || events.contains(type);
    }
}
