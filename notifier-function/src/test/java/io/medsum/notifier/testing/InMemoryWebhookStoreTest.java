package io.medsum.notifier.testing;

import io.medsum.notifier.webhook.WebhookStore;

class InMemoryWebhookStoreTest extends WebhookStoreContract {
    private final InMemoryWebhookStore store = new InMemoryWebhookStore();

    @Override
    protected WebhookStore store() {
        return store;
    }
}
