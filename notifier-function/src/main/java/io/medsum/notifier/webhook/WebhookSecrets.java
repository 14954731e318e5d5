package io.medsum.notifier.webhook;

import java.util.Optional;

/**
 * Each webhook's signing secret, kept apart from its registration (AWS Secrets Manager deployed, the local stand-in's
 * encrypted store locally): the registry can be read without it, and only the notifier reads it.
 */
public interface WebhookSecrets {

    /** Stores {@code secret} (as {@link WebhookSecret#value()} shows it) for the webhook. */
    void create(Webhook webhook, WebhookSecret secret);

    /** The webhook's secret; empty once deleted. */
    Optional<WebhookSecret> find(Webhook webhook);

    void delete(Webhook webhook);
}
