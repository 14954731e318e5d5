package io.medsum.notifier.webhook;

import java.util.List;
import java.util.Optional;

/** The webhook registrations, always read and written within one tenant. */
public interface WebhookStore {

    /** Writes a new registration; its id is fresh, so the write never replaces another. */
    void save(Webhook webhook);

    /** The tenant's webhooks, oldest first. */
    List<Webhook> list(String tenant);

    /** A tenant's webhook by id; another tenant's is empty, like a missing one. */
    Optional<Webhook> find(String tenant, String webhookId);

    /** Removes a tenant's webhook; false when the tenant has none with this id. */
    boolean delete(String tenant, String webhookId);
}
