package io.medsum.notifier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.common.notify.NotificationType;
import io.medsum.notifier.api.WebhookIds;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WebhookStore} promises: registrations kept within their tenant (another tenant's is not addressable
 * at all), listed oldest first, each id written once. Run against {@link InMemoryWebhookStore} here; the
 * {@code DynamoWebhookStore} run on dynalite belongs in {@code local}, which has dynalite (this module's test-jar ships
 * the contract). Tests share the store and use their own tenants.
 */
public abstract class WebhookStoreContract {
    private static final AtomicLong TENANTS = new AtomicLong();
    private static final long CREATED_AT = 1_800_000_000L;

    protected abstract WebhookStore store();

    private static String newTenant() {
        return "apikey:contract-" + System.nanoTime() + "-" + TENANTS.incrementAndGet();
    }

    private static Webhook webhook(String tenant, Set<NotificationType> events) {
        return new Webhook(
                WebhookIds.next(), tenant, URI.create("https://hooks.example.org/medsum?x=1"), events, CREATED_AT);
    }

    @Test
    void aSavedWebhookIsFoundAsItWasSaved() {
        String tenant = newTenant();
        Webhook filtered = webhook(tenant, Set.of(NotificationType.SUCCEEDED, NotificationType.NEEDS_REVIEW));
        Webhook everything = webhook(tenant, Set.of());
        store().save(filtered);
        store().save(everything);

        assertThat(store().find(tenant, filtered.id())).contains(filtered);
        assertThat(store().find(tenant, everything.id())).contains(everything);
        assertThat(store().find(tenant, everything.id()).orElseThrow().receives(NotificationType.REVIEWED))
                .isTrue();
    }

    @Test
    void anotherTenantsWebhookIsNotAddressable() {
        String owner = newTenant();
        String other = newTenant();
        Webhook webhook = webhook(owner, Set.of());
        store().save(webhook);

        assertThat(store().find(other, webhook.id())).isEmpty();
        assertThat(store().list(other)).isEmpty();
        assertThat(store().delete(other, webhook.id())).isFalse();
        assertThat(store().find(owner, webhook.id())).contains(webhook);
    }

    @Test
    void aTenantsWebhooksListOldestFirst() throws InterruptedException {
        String tenant = newTenant();
        List<Webhook> saved = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Webhook webhook = webhook(tenant, Set.of(NotificationType.FAILED));
            store().save(webhook);
            saved.add(webhook);
            Thread.sleep(2); // ULIDs order by millisecond
        }
        store().save(webhook(newTenant(), Set.of()));

        assertThat(store().list(tenant)).containsExactlyElementsOf(saved);
    }

    @Test
    void deleteRemovesOnceThenFindsNothing() {
        String tenant = newTenant();
        Webhook webhook = webhook(tenant, Set.of());
        store().save(webhook);

        assertThat(store().delete(tenant, webhook.id())).isTrue();
        assertThat(store().delete(tenant, webhook.id())).isFalse();
        assertThat(store().find(tenant, webhook.id())).isEmpty();
        assertThat(store().list(tenant)).isEmpty();
    }

    @Test
    void anIdIsWrittenOnce() {
        String tenant = newTenant();
        Webhook webhook = webhook(tenant, Set.of());
        store().save(webhook);

        Webhook sameId = new Webhook(
                webhook.id(), tenant, URI.create("https://elsewhere.example.org/"), Set.of(), CREATED_AT + 1);
        assertThatThrownBy(() -> store().save(sameId)).isInstanceOf(RuntimeException.class);
        assertThat(store().find(tenant, webhook.id())).contains(webhook);
    }
}
