package io.medsum.notifier.delivery;

import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notifier's reads of signing secrets, kept per container for a few minutes: Secrets Manager bills every call, and
 * a busy webhook would otherwise cost one per delivery. Only found secrets are kept (a secret written just after its
 * registration is read again next time). A deleted webhook's secret is never used from here: a delivery reads the
 * registration first, consistently, and drops itself when it is gone; and the entry expires with the rest.
 */
public final class CachedWebhookSecrets implements WebhookSecrets {
    /** Entries beyond this many are dropped all at once (a container serves far fewer webhooks). */
    private static final int MAX_ENTRIES = 10_000;

    private final WebhookSecrets secrets;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(WebhookSecret secret, Instant expires) {}

    public CachedWebhookSecrets(WebhookSecrets secrets, Duration ttl, Clock clock) {
        this.secrets = secrets;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public void create(Webhook webhook, WebhookSecret secret) {
        secrets.create(webhook, secret);
    }

    @Override
    public Optional<WebhookSecret> find(Webhook webhook) {
        Instant now = clock.instant();
        Entry entry = entries.get(webhook.id());
        if (entry != null && now.isBefore(entry.expires())) {
            return Optional.of(entry.secret());
        }
        Optional<WebhookSecret> found = secrets.find(webhook);
        if (found.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(webhook.id(), new Entry(found.get(), now.plus(ttl)));
        } else {
            entries.remove(webhook.id());
        }
        return found;
    }

    @Override
    public void delete(Webhook webhook) {
        entries.remove(webhook.id());
        secrets.delete(webhook);
    }
}
