package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WebhookStore} in memory, keyed like the table (tenant, webhook id); its operations can be made to fail. */
public final class InMemoryWebhookStore implements WebhookStore {
    /** The operations {@link #failures()} can take down. */
    public enum Operation {
        SAVE,
        LIST,
        FIND,
        DELETE
    }

    private record Key(String tenant, String webhookId) {}

    private final Map<Key, Webhook> webhooks = new ConcurrentHashMap<>();
    private final Failures<Operation> failures = new Failures<>(Operation.class);

    public Failures<Operation> failures() {
        return failures;
    }

    @Override
    public void save(Webhook webhook) {
        failures.before(Operation.SAVE);
        if (webhooks.putIfAbsent(new Key(webhook.tenant(), webhook.id()), webhook) != null) {
            throw new IllegalStateException("A webhook with this id exists");
        }
        failures.after(Operation.SAVE);
    }

    @Override
    public List<Webhook> list(String tenant) {
        failures.before(Operation.LIST);
        List<Webhook> own = new ArrayList<>();
        webhooks.forEach((key, webhook) -> {
            if (key.tenant().equals(tenant)) {
                own.add(webhook);
            }
        });
        own.sort(Comparator.comparing(Webhook::id));
        return own;
    }

    @Override
    public Optional<Webhook> find(String tenant, String webhookId) {
        failures.before(Operation.FIND);
        return Optional.ofNullable(webhooks.get(new Key(tenant, webhookId)));
    }

    @Override
    public boolean delete(String tenant, String webhookId) {
        failures.before(Operation.DELETE);
        boolean deleted = webhooks.remove(new Key(tenant, webhookId)) != null;
        failures.after(Operation.DELETE);
        return deleted;
    }

    /** Every tenant's webhooks, for assertions. */
    public List<Webhook> all() {
        List<Webhook> all = new ArrayList<>(webhooks.values());
        all.sort(Comparator.comparing(Webhook::id));
        return all;
    }
}
