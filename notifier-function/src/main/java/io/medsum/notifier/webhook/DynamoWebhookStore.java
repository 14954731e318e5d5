package io.medsum.notifier.webhook;

import io.medsum.common.notify.NotificationType;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link WebhookStore} on the Webhooks table: partition key the tenant, sort key the webhook id (a ULID, so a Query
 * lists a tenant's webhooks oldest first). Every read and write names the tenant in the key: another tenant's webhook
 * is not addressable at all.
 */
public final class DynamoWebhookStore implements WebhookStore {
    static final String TENANT = "Tenant";
    static final String WEBHOOK_ID = "WebhookId";
    static final String URL = "Url";
    /** The wire names of the types it receives; absent when it receives every type. */
    static final String EVENTS = "Events";

    static final String CREATED_AT = "CreatedAt";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWebhookStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(Webhook webhook) {
        Map<String, AttributeValue> item = new HashMap<>(key(webhook.tenant(), webhook.id()));
        item.put(URL, AttributeValue.fromS(webhook.url().toString()));
        item.put(CREATED_AT, AttributeValue.fromN(Long.toString(webhook.createdAt())));
        if (!webhook.events().isEmpty()) {
            item.put(
                    EVENTS,
                    AttributeValue.fromSs(webhook.events().stream()
                            .map(NotificationType::wireName)
                            .sorted()
                            .toList()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + TENANT + ")"));
    }

    @Override
    public List<Webhook> list(String tenant) {
        List<Webhook> webhooks = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression(TENANT + " = :tenant")
                        .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenant)))
                        .consistentRead(true))
                .items()
                .forEach(item -> webhooks.add(fromItem(item)));
        return webhooks;
    }

    @Override
    public Optional<Webhook> find(String tenant, String webhookId) {
        var item = dynamo.getItem(
                        b -> b.tableName(table).key(key(tenant, webhookId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean delete(String tenant, String webhookId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(tenant, webhookId))
                    .conditionExpression("attribute_exists(" + TENANT + ")"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String tenant, String webhookId) {
        return Map.of(TENANT, AttributeValue.fromS(tenant), WEBHOOK_ID, AttributeValue.fromS(webhookId));
    }

    private static Webhook fromItem(Map<String, AttributeValue> item) {
        Set<NotificationType> events = EnumSet.noneOf(NotificationType.class);
        AttributeValue types = item.get(EVENTS);
        if (types != null && types.hasSs()) {
            types.ss().forEach(name -> NotificationType.fromWireName(name).ifPresent(events::add));
        }
        return new Webhook(
                item.get(WEBHOOK_ID).s(),
                item.get(TENANT).s(),
                URI.create(item.get(URL).s()),
                events,
                Long.parseLong(item.get(CREATED_AT).n()));
    }
}
