package io.medsum.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.testing.MutableClock;
import io.medsum.notifier.testing.InMemoryWebhookSecrets;
import io.medsum.notifier.testing.Notifications;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Signing secrets are read once per container for a few minutes; a missing one is looked for again each time. */
class CachedWebhookSecretsTest {
    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final InMemoryWebhookSecrets store = new InMemoryWebhookSecrets();
    /** Secrets Manager bills each read: counted here. */
    private final AtomicInteger reads = new AtomicInteger();

    private final CachedWebhookSecrets secrets = new CachedWebhookSecrets(
            new WebhookSecrets() {
                @Override
                public void create(Webhook webhook, WebhookSecret secret) {
                    store.create(webhook, secret);
                }

                @Override
                public Optional<WebhookSecret> find(Webhook webhook) {
                    reads.incrementAndGet();
                    return store.find(webhook);
                }

                @Override
                public void delete(Webhook webhook) {
                    store.delete(webhook);
                }
            },
            Duration.ofMinutes(5),
            clock);
    private final Webhook webhook = Notifications.webhook("tenant-a", URI.create("https://a.example.org/"));

    @Test
    void aFoundSecretIsReadOnceUntilItExpires() {
        WebhookSecret secret = WebhookSecret.generate();
        store.create(webhook, secret);

        assertThat(secrets.find(webhook)).contains(secret);
        clock.advance(Duration.ofMinutes(4));
        assertThat(secrets.find(webhook)).contains(secret);
        assertThat(reads.get()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(secrets.find(webhook)).contains(secret);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aMissingSecretIsNotRemembered() {
        assertThat(secrets.find(webhook)).isEmpty();
        WebhookSecret secret = WebhookSecret.generate();
        store.create(webhook, secret);

        assertThat(secrets.find(webhook)).contains(secret);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aSecretDeletedThroughTheCacheIsGoneFromIt() {
        store.create(webhook, WebhookSecret.generate());
        secrets.find(webhook);

        secrets.delete(webhook);

        assertThat(secrets.find(webhook)).isEmpty();
    }

    @Test
    void aSecretDeletedElsewhereIsGoneOnceItsEntryExpires() {
        store.create(webhook, WebhookSecret.generate());
        secrets.find(webhook);
        store.delete(webhook); // the webhooks API, in another function

        clock.advance(Duration.ofMinutes(5));

        assertThat(secrets.find(webhook)).isEmpty();
    }
}
