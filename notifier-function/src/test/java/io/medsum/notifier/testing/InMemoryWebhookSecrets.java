package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WebhookSecrets} in memory, one per webhook id like the secret names; operations can be made to fail. */
public final class InMemoryWebhookSecrets implements WebhookSecrets {
    /** The operations {@link #failures()} can take down. */
    public enum Operation {
        CREATE,
        FIND,
        DELETE
    }

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Failures<Operation> failures = new Failures<>(Operation.class);

    public Failures<Operation> failures() {
        return failures;
    }

    @Override
    public void create(Webhook webhook, WebhookSecret secret) {
        failures.before(Operation.CREATE);
        if (values.putIfAbsent(webhook.id(), secret.value()) != null) {
            throw new IllegalStateException("The webhook has a secret");
        }
        failures.after(Operation.CREATE);
    }

    @Override
    public Optional<WebhookSecret> find(Webhook webhook) {
        failures.before(Operation.FIND);
        return Optional.ofNullable(values.get(webhook.id())).flatMap(WebhookSecret::parse);
    }

    @Override
    public void delete(Webhook webhook) {
        failures.before(Operation.DELETE);
        values.remove(webhook.id());
        failures.after(Operation.DELETE);
    }

    /** The stored value of a webhook's secret ({@code whsec_...}), for assertions. */
    public Optional<String> storedValue(String webhookId) {
        return Optional.ofNullable(values.get(webhookId));
    }

    public int size() {
        return values.size();
    }
}
