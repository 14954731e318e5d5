package io.medsum.local.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.local.infra.ProvisionedResources.PhysicalResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
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
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the template's resources on the local stand-ins through the real SDK: every table (dynalite) and queue
 * (ElasticMQ, dead-letter queues first), and, given the JSON-protocol stand-in's clients, the log groups something
 * writes to, the EventBridge buses and their rules with their targets. Idempotent: running it again against existing
 * resources brings the queue attributes in line with the settings (so a changed parameter takes effect), checks the
 * tables' keys, and puts the rules and targets again.
 *
 * <p>Deliberately not applied locally: encryption (KMS/SSE; the bus's KmsKeyIdentifier is passed on but nothing is
 * encrypted with it), point-in-time recovery, deletion protection, log retention, resource policies and the DLQ's
 * RedriveAllowPolicy, which have no local meaning; MessageRetentionPeriod, which ElasticMQ does not implement; and TTL,
 * because dynalite does not implement UpdateTimeToLive. Expired records therefore stay until deleted; nothing in the
 * pipeline relies on TTL having run.
 */
public final class LocalResources {
    private static final Logger LOG = LoggerFactory.getLogger(LocalResources.class);

    /**
     * The names the local stack gives the template's resources, by logical id (the template's names include a stack
     * name), each followed by {@code suffix}; a resource not listed is named by its logical id.
     */
    public record Names(Map<String, String> byLogicalId, String suffix) {
        public Names {
            byLogicalId = Map.copyOf(byLogicalId);
        }

        public static Names defaults() {
            return new Names(
                    Map.of(
                            TemplateSettings.TABLE_ID,
                            "PatientReports",
                            TemplateSettings.QUEUE_ID,
                            "reports-queue",
                            "ReportsDlq",
                            "reports-dlq",
                            TemplateSettings.WEBHOOKS_TABLE_ID,
                            "Webhooks",
                            TemplateSettings.NOTIFICATIONS_QUEUE_ID,
                            "notifications-queue",
                            "NotificationsDlq",
                            "notifications-dlq",
                            TemplateSettings.NOTIFICATION_BUS_ID,
                            "medsum-notifications",
                            TemplateSettings.EVENTS_LOG_GROUP_ID,
                            "medsum-events",
                            TemplateSettings.AUDIT_LOG_GROUP_ID,
                            "medsum-audit"),
                    "");
        }

        /** Every name with a suffix: resources of their own for a test sharing the stand-ins with others. */
        public Names withSuffix(String more) {
            return new Names(byLogicalId, suffix + more);
        }

        public String name(String logicalId) {
            return byLogicalId.getOrDefault(logicalId, logicalId) + suffix;
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
    private final CloudWatchLogsClient logs;
    private final EventBridgeClient events;
    private final TemplateSettings settings;

    /** Tables and queues only: for a stack (or test) without the JSON-protocol stand-in. */
    public LocalResources(DynamoDbClient dynamoDb, SqsClient sqs, TemplateSettings settings) {
        this(dynamoDb, sqs, null, null, settings);
    }

    /** Tables, queues, log groups, buses and rules. */
    public LocalResources(
            DynamoDbClient dynamoDb,
            SqsClient sqs,
            CloudWatchLogsClient logs,
            EventBridgeClient events,
            TemplateSettings settings) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.logs = logs;
        this.events = events;
        this.settings = settings;
    }

    /** Creates (or reconciles) everything under the default names. */
    public ProvisionedResources provision() {
        return provision(Names.defaults());
    }

    public ProvisionedResources provision(Names names) {
        Map<String, PhysicalResource> provisioned = new LinkedHashMap<>();
        for (TableDefinition table : settings.tables()) {
            TableDescription created = createTable(table, names.name(table.logicalId()));
            provisioned.put(table.logicalId(), PhysicalResource.of(created.tableName(), created.tableArn()));
        }
        for (QueueDefinition queue : settings.queues()) {
            String deadLetterId =
                    queue.redrivePolicy() == null ? null : queue.redrivePolicy().deadLetterQueueLogicalId();
            String deadLetterArn =
                    deadLetterId == null ? null : provisioned.get(deadLetterId).arn();
            String url = ensureQueue(names.name(queue.logicalId()), queueAttributes(queue, deadLetterArn));
            provisioned.put(queue.logicalId(), new PhysicalResource(url, queueArn(url), deadLetterId));
        }
        if (logs == null || events == null) {
            return new ProvisionedResources(provisioned);
        }
        for (String logGroup : settings.logGroupIds()) {
            String name = names.name(logGroup);
            ensureLogGroup(name);
            provisioned.put(logGroup, PhysicalResource.of(name, logGroupArn(name)));
        }
        for (String bus : settings.eventBusIds()) {
            String name = names.name(bus);
            String arn = ensureEventBus(bus, name, new ProvisionedResources(provisioned));
            provisioned.put(bus, PhysicalResource.of(name, arn));
        }
        Map<String, Object> references = settings.provisioningReferences(new ProvisionedResources(provisioned));
        for (String ruleId : settings.eventRuleIds()) {
            String arn = putRule(settings.eventRule(ruleId, references));
            provisioned.put(ruleId, PhysicalResource.of(arn, arn));
        }
        return new ProvisionedResources(provisioned);
    }

    /** The reports table under this name, as the template declares it (for tests of the table alone). */
    public TableDescription createTable(String tableName) {
        return createTable(settings.table(), tableName);
    }

    /**
     * Creates the table from the template's definition and waits until it is ACTIVE. A table kept from an earlier run
     * (disk mode) that lacks only indexes the template has added since is rebuilt with them, its items kept.
     */
    private TableDescription createTable(TableDefinition table, String tableName) {
        if (!BillingMode.PAY_PER_REQUEST.toString().equals(table.billingMode())) {
            throw new IllegalStateException("Only on-demand (PAY_PER_REQUEST) tables are provisioned locally; "
                    + table.logicalId() + " is " + table.billingMode());
        }
        create(table, tableName);
        TableDescription description = awaitActive(tableName);
        if (lacksOnlyIndexes(description, table)) {
            description = rebuild(table, tableName);
        }
        requireSameShape(description, table);
        return description;
    }

    private void create(TableDefinition table, String tableName) {
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
    }

    private TableDescription awaitActive(String tableName) {
        return dynamoDb.waiter()
                .waitUntilTableExists(
                        request -> request.tableName(tableName),
                        wait -> wait.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(TABLE_POLL_DELAY))
                                .waitTimeout(TABLE_WAIT_TIMEOUT))
                .matched()
                .response()
                .orElseThrow(() -> new IllegalStateException("Table " + tableName + " did not become ACTIVE"))
                .table();
    }

    /**
     * Same keys, and indexes that are some but not all of the template's: the table of an earlier version of the
     * template (AwaitingNotification came with notifications).
     */
    private static boolean lacksOnlyIndexes(TableDescription actual, TableDefinition expected) {
        Set<String> actualIndexes = indexNames(actual);
        Set<String> expectedIndexes = expected.globalSecondaryIndexes().stream()
                .map(TableDefinition.SecondaryIndex::indexName)
                .collect(Collectors.toSet());
        return actual.keySchema().equals(keySchema(expected.keySchema()))
                && expectedIndexes.containsAll(actualIndexes)
                && !actualIndexes.equals(expectedIndexes);
    }

    /**
     * Re-creates the table with the template's indexes and writes its items back. dynalite cannot add an index to a
     * table (UpdateTable with a GSI Create is not implemented), and DynamoDB builds an index from the items in any
     * case: written back, the items a sparse index selects are in it.
     */
    private TableDescription rebuild(TableDefinition table, String tableName) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(request -> request.tableName(tableName).consistentRead(true))
                .items()
                .forEach(items::add);
        deleteTable(tableName);
        create(table, tableName);
        TableDescription rebuilt = awaitActive(tableName);
        List<WriteRequest> puts = items.stream()
                .map(item ->
                        WriteRequest.builder().putRequest(put -> put.item(item)).build())
                .toList();
        writeAll(tableName, puts);
        LOG.info(
                "Table {} rebuilt with the template's indexes {}: {} item(s) kept",
                tableName,
                indexNames(rebuilt),
                items.size());
        return rebuilt;
    }

    private static Set<String> indexNames(TableDescription table) {
        return table.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
    }

    /**
     * Empties every table and queue, keeping the resources: a clean slate between tests without paying for re-creation.
     * Buses, rules and log groups stay as they are.
     */
    public void purge(ProvisionedResources resources) {
        for (TableDefinition table : settings.tables()) {
            resources.find(table.logicalId()).ifPresent(provisioned -> deleteAllItems(table, provisioned.ref()));
        }
        for (QueueDefinition queue : settings.queues()) {
            resources
                    .find(queue.logicalId())
                    .ifPresent(provisioned -> sqs.purgeQueue(request -> request.queueUrl(provisioned.ref())));
        }
    }

    /** Deletes every table and queue (missing ones are skipped). */
    public void deleteAll(ProvisionedResources resources) {
        for (TableDefinition table : settings.tables()) {
            resources.find(table.logicalId()).ifPresent(provisioned -> deleteTable(provisioned.ref()));
        }
        for (QueueDefinition queue : settings.queues()) {
            resources.find(queue.logicalId()).ifPresent(provisioned -> {
                try {
                    sqs.deleteQueue(request -> request.queueUrl(provisioned.ref()));
                } catch (QueueDoesNotExistException alreadyGone) {
                    // Nothing to delete.
                }
            });
        }
    }

    private void deleteTable(String tableName) {
        try {
            dynamoDb.deleteTable(request -> request.tableName(tableName));
            dynamoDb.waiter()
                    .waitUntilTableNotExists(
                            request -> request.tableName(tableName),
                            wait -> wait.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(TABLE_POLL_DELAY))
                                    .waitTimeout(TABLE_WAIT_TIMEOUT));
        } catch (ResourceNotFoundException alreadyGone) {
            // Nothing to delete.
        }
    }

    private void deleteAllItems(TableDefinition table, String tableName) {
        List<String> keyNames = table.keySchema().stream()
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
        writeAll(tableName, deletes);
    }

    /** BatchWriteItem in chunks of 25, until nothing is left unprocessed. */
    private void writeAll(String tableName, List<WriteRequest> writes) {
        for (int start = 0; start < writes.size(); start += BATCH_WRITE_LIMIT) {
            List<WriteRequest> pending = writes.subList(start, Math.min(start + BATCH_WRITE_LIMIT, writes.size()));
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

    /** Creates the log group unless it exists (a disk-backed stack keeps its groups across runs). */
    private void ensureLogGroup(String name) {
        try {
            logs.createLogGroup(request -> request.logGroupName(name));
        } catch (ResourceAlreadyExistsException exists) {
            // Kept from an earlier run, with its events.
        }
    }

    /** A log group's ARN as {@code !GetAtt LogGroup.Arn} gives it, with the trailing {@code :*}. */
    private static String logGroupArn(String name) {
        return "arn:aws:logs:" + LocalAwsClients.REGION.id() + ":" + LocalAwsClients.ACCOUNT_ID + ":log-group:" + name
                + ":*";
    }

    /** Creates the bus unless it exists, with the template's description and key; its ARN either way. */
    private String ensureEventBus(String logicalId, String name, ProvisionedResources resources) {
        Map<String, Object> properties =
                settings.resolvedProperties(logicalId, settings.provisioningReferences(resources));
        try {
            return events.createEventBus(request -> request.name(name)
                            .description(text(properties.get("Description")))
                            .kmsKeyIdentifier(text(properties.get("KmsKeyIdentifier"))))
                    .eventBusArn();
        } catch (software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException exists) {
            return events.describeEventBus(request -> request.name(name)).arn();
        }
    }

    /** Puts the rule and its targets (an update if it exists); fails if the stand-in refuses a target. */
    private String putRule(EventRuleDefinition rule) {
        String arn = events.putRule(request -> request.name(rule.logicalId())
                        .eventBusName(rule.eventBusName())
                        .eventPattern(rule.eventPattern())
                        .state(rule.state())
                        .description(rule.description()))
                .ruleArn();
        var response = events.putTargets(request -> request.rule(rule.logicalId())
                .eventBusName(rule.eventBusName())
                .targets(rule.targets().stream().map(LocalResources::target).toList()));
        if (response.failedEntryCount() > 0) {
            throw new IllegalStateException(
                    "The local EventBridge refused targets of " + rule.logicalId() + ": " + response.failedEntries());
        }
        return arn;
    }

    private static Target target(EventRuleDefinition.Target target) {
        Target.Builder builder = Target.builder().id(target.id()).arn(target.arn());
        if (target.deadLetterArn() != null) {
            builder.deadLetterConfig(
                    DeadLetterConfig.builder().arn(target.deadLetterArn()).build());
        }
        if (target.maximumRetryAttempts() != null || target.maximumEventAgeSeconds() != null) {
            builder.retryPolicy(RetryPolicy.builder()
                    .maximumRetryAttempts(target.maximumRetryAttempts())
                    .maximumEventAgeInSeconds(target.maximumEventAgeSeconds())
                    .build());
        }
        return builder.build();
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
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
        Set<String> actualIndexes = indexNames(actual);
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
