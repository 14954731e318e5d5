package io.medsum.local.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the template's table and queue pair on the local stand-ins (dynalite, ElasticMQ) through the real SDK.
 * Idempotent: running it again against existing resources brings the queue attributes in line with the settings (so a
 * changed parameter takes effect) and checks the table's keys.
 *
 * <p>Deliberately not applied locally: encryption (KMS/SSE), point-in-time recovery, deletion protection and the DLQ's
 * RedriveAllowPolicy, which have no local meaning; MessageRetentionPeriod, which ElasticMQ does not implement; and TTL,
 * because dynalite does not implement UpdateTimeToLive. Expired records therefore stay until deleted; nothing in the
 * pipeline relies on TTL having run.
 */
public final class LocalResources {

    /** The names the local stack gives the table and queues (the template's names include a stack name). */
    public record Names(String tableName, String queueName, String dlqName) {
        public static Names defaults() {
            return new Names("PatientReports", "reports-queue", "reports-dlq");
        }
    }

    // dynalite runs with --createTableMs 0, so the table is ACTIVE on the first poll; a short fixed
    // delay keeps the SDK waiter from sleeping its default 20 s should a poll ever be needed.
    private static final Duration TABLE_POLL_DELAY = Duration.ofMillis(100);
    private static final Duration TABLE_WAIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final TemplateSettings settings;

    public LocalResources(DynamoDbClient dynamoDb, SqsClient sqs, TemplateSettings settings) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.settings = settings;
    }

    /** Creates (or reconciles) the table and the queue pair under the default names. */
    public ProvisionedResources provision() {
        return provision(Names.defaults());
    }

    public ProvisionedResources provision(Names names) {
        createTable(names.tableName());
        String dlqUrl = ensureQueue(names.dlqName(), queueAttributes(settings.deadLetterQueue(), null));
        String dlqArn = queueArn(dlqUrl);
        String queueUrl = ensureQueue(names.queueName(), queueAttributes(settings.queue(), dlqArn));
        return new ProvisionedResources(names.tableName(), queueUrl, queueArn(queueUrl), dlqUrl, dlqArn);
    }

    /** Creates the table from the template's definition and waits until it is ACTIVE. */
    public TableDescription createTable(String tableName) {
        TableDefinition table = settings.table();
        if (!BillingMode.PAY_PER_REQUEST.toString().equals(table.billingMode())) {
            throw new IllegalStateException("Only on-demand (PAY_PER_REQUEST) tables are provisioned locally; "
                    + table.logicalId() + " is " + table.billingMode());
        }
        try {
            dynamoDb.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(keySchema(table.keySchema()))
                    .attributeDefinitions(table.attributeDefinitions().stream()
                            .map(attribute -> AttributeDefinition.builder()
                                    .attributeName(attribute.attributeName())
                                    .attributeType(attribute.attributeType())
                                    .build())
                            .toList())
                    .globalSecondaryIndexes(
                            table.globalSecondaryIndexes().isEmpty()
                                    ? null
                                    : table.globalSecondaryIndexes().stream()
                                            .map(LocalResources::index)
                                            .toList())
                    .build());
        } catch (ResourceInUseException alreadyExists) {
            // A disk-backed dynalite keeps tables across runs; reuse it if it has the same shape.
        }
        TableDescription description = dynamoDb.waiter()
                .waitUntilTableExists(
                        request -> request.tableName(tableName),
                        wait -> wait.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(TABLE_POLL_DELAY))
                                .waitTimeout(TABLE_WAIT_TIMEOUT))
                .matched()
                .response()
                .orElseThrow(() -> new IllegalStateException("Table " + tableName + " did not become ACTIVE"))
                .table();
        requireSameShape(description, table);
        return description;
    }

    /**
     * Empties the table and both queues, keeping the resources: a clean slate between tests without paying for
     * re-creation.
     */
    public void purge(ProvisionedResources resources) {
        deleteAllItems(resources.tableName());
        sqs.purgeQueue(request -> request.queueUrl(resources.queueUrl()));
        sqs.purgeQueue(request -> request.queueUrl(resources.dlqUrl()));
    }

    /** Deletes the table and both queues (missing ones are skipped). */
    public void deleteAll(ProvisionedResources resources) {
        try {
            dynamoDb.deleteTable(request -> request.tableName(resources.tableName()));
            dynamoDb.waiter()
                    .waitUntilTableNotExists(
                            request -> request.tableName(resources.tableName()),
                            wait -> wait.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(TABLE_POLL_DELAY))
                                    .waitTimeout(TABLE_WAIT_TIMEOUT));
        } catch (ResourceNotFoundException alreadyGone) {
            // Nothing to delete.
        }
        for (String queueUrl : List.of(resources.queueUrl(), resources.dlqUrl())) {
            try {
                sqs.deleteQueue(request -> request.queueUrl(queueUrl));
            } catch (QueueDoesNotExistException alreadyGone) {
                // Nothing to delete.
            }
        }
    }

    private void deleteAllItems(String tableName) {
        List<String> keyNames = settings.table().keySchema().stream()
                .map(TableDefinition.KeyAttribute::attributeName)
                .toList();
        List<WriteRequest> deletes = new ArrayList<>();
        dynamoDb.scanPaginator(request -> request.tableName(tableName)
                        .projectionExpression(
                                String.join(", ", placeholders(keyNames).keySet()))
                        .expressionAttributeNames(placeholders(keyNames)))
                .items()
                .forEach(item -> deletes.add(WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder()
                                .key(keyOf(item, keyNames))
                                .build())
                        .build()));
        for (int start = 0; start < deletes.size(); start += BATCH_WRITE_LIMIT) {
            List<WriteRequest> pending = deletes.subList(start, Math.min(start + BATCH_WRITE_LIMIT, deletes.size()));
            while (!pending.isEmpty()) {
                List<WriteRequest> batch = pending;
                pending = dynamoDb.batchWriteItem(request -> request.requestItems(Map.of(tableName, batch)))
                        .unprocessedItems()
                        .getOrDefault(tableName, List.of());
            }
        }
    }

    /** {@code #k0 → PatientID, ...}: key names may be DynamoDB reserved words. */
    private static Map<String, String> placeholders(List<String> names) {
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            placeholders.put("#k" + i, names.get(i));
        }
        return placeholders;
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, List<String> keyNames) {
        return keyNames.stream().collect(Collectors.toMap(name -> name, item::get));
    }

    /** Gets the queue's URL, creating it if needed, and sets the attributes either way. */
    private String ensureQueue(String name, Map<QueueAttributeName, String> attributes) {
        String url;
        try {
            url = sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException missing) {
            return sqs.createQueue(request -> request.queueName(name).attributes(attributes))
                    .queueUrl();
        }
        // CreateQueue on an existing queue with other attributes fails in SQS; SetQueueAttributes converges.
        if (!attributes.isEmpty()) {
            sqs.setQueueAttributes(request -> request.queueUrl(url).attributes(attributes));
        }
        return url;
    }

    private String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(
                        request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** The template's queue settings as SQS attributes; a setting the template leaves out is left out. */
    private static Map<QueueAttributeName, String> queueAttributes(QueueDefinition queue, String deadLetterArn) {
        Map<QueueAttributeName, String> attributes = new EnumMap<>(QueueAttributeName.class);
        if (queue.visibilityTimeoutSeconds() != null) {
            attributes.put(
                    QueueAttributeName.VISIBILITY_TIMEOUT,
                    queue.visibilityTimeoutSeconds().toString());
        }
        // MessageRetentionPeriod is not sent: ElasticMQ does not implement it (it logs a warning and
        // ignores it), and local messages live for seconds, far below any retention period.
        if (queue.redrivePolicy() != null) {
            attributes.put(
                    QueueAttributeName.REDRIVE_POLICY,
                    redrivePolicyJson(deadLetterArn, queue.redrivePolicy().maxReceiveCount()));
        }
        return attributes;
    }

    private static String redrivePolicyJson(String deadLetterArn, int maxReceiveCount) {
        Map<String, String> policy = new LinkedHashMap<>();
        policy.put("deadLetterTargetArn", deadLetterArn);
        // SQS documents the count as a string inside the policy JSON.
        policy.put("maxReceiveCount", Integer.toString(maxReceiveCount));
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a redrive policy", e);
        }
    }

    private static List<KeySchemaElement> keySchema(List<TableDefinition.KeyAttribute> keys) {
        return keys.stream()
                .map(key -> KeySchemaElement.builder()
                        .attributeName(key.attributeName())
                        .keyType(key.keyType())
                        .build())
                .toList();
    }

    private static GlobalSecondaryIndex index(TableDefinition.SecondaryIndex index) {
        return GlobalSecondaryIndex.builder()
                .indexName(index.indexName())
                .keySchema(keySchema(index.keySchema()))
                .projection(Projection.builder()
                        .projectionType(index.projectionType())
                        .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes())
                        .build())
                .build();
    }

    /** A table left over from an older template (disk mode) would fail in confusing ways later. */
    private static void requireSameShape(TableDescription actual, TableDefinition expected) {
        Set<String> actualIndexes = actual.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        Set<String> expectedIndexes = expected.globalSecondaryIndexes().stream()
                .map(TableDefinition.SecondaryIndex::indexName)
                .collect(Collectors.toSet());
        if (!actual.keySchema().equals(keySchema(expected.keySchema())) || !actualIndexes.equals(expectedIndexes)) {
            throw new IllegalStateException("Table " + actual.tableName() + " exists with key schema "
                    + actual.keySchema() + " and indexes " + actualIndexes + ", but the template declares "
                    + expected.keySchema() + " and " + expectedIndexes
                    + "; delete it (or the dynalite data directory)");
        }
    }
}
