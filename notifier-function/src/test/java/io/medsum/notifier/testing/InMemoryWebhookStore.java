package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link WebhookStore} in memory, keyed like the table: (tenant, webhook id). Can be made to fail like DynamoDB. */
public final class InMemoryWebhookStore implements WebhookStore {
    private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
    private final AtomicBoolean down = new AtomicBoolean();

    /** Every call throws until {@code false} again. */
    public void down(boolean isDown) {
        down.set(isDown);
    }

    private void check() {
        if (down.get()) {
            throw new IllegalStateException("the webhook registry is down");
        }
    }

    private static String key(String tenant, String webhookId) {
        return tenant + "\n" + webhookId;
    }

    @Override
    public synchronized void save(Webhook webhook) {
        check();
        webhooks.putIfAbsent(key(webhook.tenant(), webhook.id()), webhook);
    }

    @Override
    public synchronized List<Webhook> list(String tenant) {
        check();
        List<Webhook> found = new ArrayList<>();
        webhooks.values().stream()
                .filter(w -> w.tenant().equals(tenant))
                .sorted(Comparator.comparing(Webhook::id))
                .forEach(found::add);
        return found;
    }

    @Override
    public synchronized Optional<Webhook> find(String tenant, String webhookId) {
        check();
        return Optional.ofNullable(webhooks.get(key(tenant, webhookId)));
    }

    @Override
    public synchronized boolean delete(String tenant, String webhookId) {
        check();
        return webhooks.remove(key(tenant, webhookId)) != null;
    }
}
