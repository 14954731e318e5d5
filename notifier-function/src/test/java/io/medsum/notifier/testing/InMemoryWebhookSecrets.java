package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link WebhookSecrets} in memory, counting reads (Secrets Manager bills each) and able to fail. */
public final class InMemoryWebhookSecrets implements WebhookSecrets {
    private final Map<String, WebhookSecret> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();

    public void down(boolean isDown) {
        down.set(isDown);
    }

    public int reads() {
        return reads.get();
    }

    @Override
    public void create(Webhook webhook, WebhookSecret secret) {
        secrets.put(webhook.id(), secret);
    }

    @Override
    public Optional<WebhookSecret> find(Webhook webhook) {
        reads.incrementAndGet();
        if (down.get()) {
            throw new IllegalStateException("the secret store is down");
        }
        return Optional.ofNullable(secrets.get(webhook.id()));
    }

    @Override
    public void delete(Webhook webhook) {
        secrets.remove(webhook.id());
    }
}
