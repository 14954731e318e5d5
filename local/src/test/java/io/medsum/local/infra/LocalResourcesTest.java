package io.medsum.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medsum.local.services.AwsJsonServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TemplateSettings SETTINGS = TemplateSettings.fromProjectTemplate();

    private static DynaliteProcess dynalite;
    private static ElasticMqServer elasticMq;
    private static AwsJsonServer services;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static CloudWatchLogsClient logs;
    private static EventBridgeClient events;

    @BeforeAll
    static void startStandIns() throws Exception {
        dynalite = DynaliteProcess.startInMemory();
        elasticMq = ElasticMqServer.start();
        services = AwsJsonServer.start(null);
        dynamoDb = LocalAwsClients.dynamoDb(dynalite.endpoint());
        sqs = LocalAwsClients.sqs(elasticMq.endpoint());
        logs = LocalAwsClients.logs(services.endpoint());
        events = LocalAwsClients.events(services.endpoint());
    }

    @AfterAll
    static void stopStandIns() {
        dynamoDb.close();
        sqs.close();
        logs.close();
        events.close();
        services.close();
        elasticMq.close();
        dynalite.close();
    }

    private static LocalResources withServices(TemplateSettings settings) {
        return new LocalResources(dynamoDb, sqs, logs, events, settings);
    }

    /** Fresh names per test, so tests sharing the stand-ins do not see each other's resources. */
    private static LocalResources.Names uniqueNames() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return LocalResources.Names.defaults().withSuffix("-" + suffix);
    }

    @Test
    void createsTheTableWithTheTemplatesKeysAndIndexes() {
        ProvisionedResources resources = new LocalResources(dynamoDb, sqs, SETTINGS).provision(uniqueNames());

        TableDescription table = dynamoDb.describeTable(request -> request.tableName(resources.tableName()))
                .table();

        TableDefinition declared = SETTINGS.table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.keySchema())
                .extracting(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString)
                .containsExactlyElementsOf(declared.keySchema().stream()
                        .map(key -> tuple(key.attributeName(), key.keyType()))
                        .toList());
        assertThat(table.attributeDefinitions())
                .extracting(definition -> definition.attributeName() + ":" + definition.attributeTypeAsString())
                .containsExactlyInAnyOrderElementsOf(declared.attributeDefinitions().stream()
                        .map(definition -> definition.attributeName() + ":" + definition.attributeType())
                        .toList());
        assertThat(table.globalSecondaryIndexes()).hasSameSizeAs(declared.globalSecondaryIndexes());
        for (TableDefinition.SecondaryIndex index : declared.globalSecondaryIndexes()) {
            GlobalSecondaryIndexDescription actual = table.globalSecondaryIndexes().stream()
                    .filter(description -> description.indexName().equals(index.indexName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(actual.keySchema())
                    .extracting(KeySchemaElement::attributeName)
                    .containsExactlyElementsOf(index.keySchema().stream()
                            .map(TableDefinition.KeyAttribute::attributeName)
                            .toList());
            assertThat(actual.projection().projectionTypeAsString()).isEqualTo(index.projectionType());
        }
    }

    @Test
    void createsTheQueuePairWithTheTemplatesAttributesAndARedrivePolicyToTheDlq() throws Exception {
        ProvisionedResources resources = new LocalResources(dynamoDb, sqs, SETTINGS).provision(uniqueNames());

        Map<QueueAttributeName, String> queue = attributes(resources.queueUrl());
        Map<QueueAttributeName, String> dlq = attributes(resources.dlqUrl());
        JsonNode redrive = JSON.readTree(queue.get(QueueAttributeName.REDRIVE_POLICY));

        assertThat(queue.get(QueueAttributeName.QUEUE_ARN)).isEqualTo(resources.queueArn());
        assertThat(dlq.get(QueueAttributeName.QUEUE_ARN)).isEqualTo(resources.dlqArn());
        assertThat(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(SETTINGS.queue().visibilityTimeoutSeconds()));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(resources.dlqArn());
        assertThat(redrive.get("maxReceiveCount").asInt())
                .isEqualTo(SETTINGS.queue().redrivePolicy().maxReceiveCount());
    }

    @Test
    void aMessageMovesToTheDlqAfterMaxReceiveCountReceives() {
        ProvisionedResources resources = new LocalResources(dynamoDb, sqs, SETTINGS).provision(uniqueNames());
        sqs.sendMessage(request -> request.queueUrl(resources.queueUrl()).messageBody("report"));

        int receives = receiveUntilGone(resources.queueUrl());

        assertThat(receives).isEqualTo(SETTINGS.queue().redrivePolicy().maxReceiveCount());
        assertThat(sqs.receiveMessage(request -> request.queueUrl(resources.dlqUrl()))
                        .messages())
                .singleElement()
                .satisfies(message -> assertThat(message.body()).isEqualTo("report"));
    }

    @Test
    void aMaxReceiveCountOverrideChangesTheRedrivePolicyOfTheExistingQueue() throws Exception {
        LocalResources.Names names = uniqueNames();
        new LocalResources(dynamoDb, sqs, SETTINGS).provision(names);
        TemplateSettings threeDeliveries = TemplateSettings.fromProjectTemplate(Map.of("MaxReceiveCount", "3"));

        ProvisionedResources resources = new LocalResources(dynamoDb, sqs, threeDeliveries).provision(names);
        sqs.sendMessage(request -> request.queueUrl(resources.queueUrl()).messageBody("report"));

        JsonNode redrive = JSON.readTree(attributes(resources.queueUrl()).get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(3);
        assertThat(receiveUntilGone(resources.queueUrl())).isEqualTo(3);
    }

    @Test
    void provisioningTwiceGivesTheSameResources() {
        LocalResources.Names names = uniqueNames();
        LocalResources local = new LocalResources(dynamoDb, sqs, SETTINGS);

        ProvisionedResources first = local.provision(names);
        ProvisionedResources second = local.provision(names);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void refusesAnExistingTableOfAnotherShape() {
        LocalResources.Names names = uniqueNames();
        dynamoDb.createTable(request -> request.tableName(names.name(TemplateSettings.TABLE_ID))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition -> definition.attributeName("Id").attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName("Id").keyType(KeyType.HASH)));

        assertThatThrownBy(() -> new LocalResources(dynamoDb, sqs, SETTINGS).provision(names))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Table " + names.name(TemplateSettings.TABLE_ID) + " exists with key schema");
    }

    @Test
    void createsTheWebhooksTableAndTheNotificationsQueueRedrivingToItsDlq() throws Exception {
        ProvisionedResources resources = new LocalResources(dynamoDb, sqs, SETTINGS).provision(uniqueNames());

        TableDescription webhooks = dynamoDb.describeTable(
                        request -> request.tableName(resources.ref(TemplateSettings.WEBHOOKS_TABLE_ID)))
                .table();
        assertThat(webhooks.keySchema())
                .extracting(KeySchemaElement::attributeName)
                .containsExactly("Tenant", "WebhookId");
        String notifications = resources.ref(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
        String dlqId = resources.deadLetterQueueOf(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
        Map<QueueAttributeName, String> queue = attributes(notifications);
        JsonNode redrive = JSON.readTree(queue.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(dlqId).isEqualTo("NotificationsDlq");
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(resources.arn(dlqId));
        assertThat(redrive.get("maxReceiveCount").asInt())
                .isEqualTo(SETTINGS.queue(TemplateSettings.NOTIFICATIONS_QUEUE_ID)
                        .redrivePolicy()
                        .maxReceiveCount());
        assertThat(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(
                        SETTINGS.queue(TemplateSettings.NOTIFICATIONS_QUEUE_ID).visibilityTimeoutSeconds()));
    }

    @Test
    void createsTheBusItsRulesWithTheirTargetsAndTheLogGroupsThroughTheSdk() {
        LocalResources.Names names = uniqueNames();
        ProvisionedResources resources = withServices(SETTINGS).provision(names);
        String bus = resources.ref(TemplateSettings.NOTIFICATION_BUS_ID);

        assertThat(bus).isEqualTo(names.name(TemplateSettings.NOTIFICATION_BUS_ID));
        assertThat(events.describeEventBus(request -> request.name(bus)).arn())
                .isEqualTo(resources.arn(TemplateSettings.NOTIFICATION_BUS_ID));
        assertThat(events.listRules(request -> request.eventBusName(bus)).rules())
                .extracting(Rule::name, Rule::eventPattern)
                .containsExactlyInAnyOrder(
                        tuple("NotificationsToQueueRule", "{\"source\":[\"medsum\"]}"),
                        tuple("NotificationsToLogRule", "{\"source\":[\"medsum\"]}"));
        assertThat(events.listTargetsByRule(request ->
                                request.rule("NotificationsToQueueRule").eventBusName(bus))
                        .targets())
                .singleElement()
                .satisfies(target -> {
                    assertThat(target.arn()).isEqualTo(resources.arn(TemplateSettings.NOTIFICATIONS_QUEUE_ID));
                    assertThat(target.deadLetterConfig().arn()).isEqualTo(resources.arn("NotificationsDlq"));
                    assertThat(target.retryPolicy().maximumRetryAttempts()).isEqualTo(185);
                });
        assertThat(events.listTargetsByRule(request ->
                                request.rule("NotificationsToLogRule").eventBusName(bus))
                        .targets())
                .singleElement()
                .satisfies(target -> assertThat(target.arn())
                        .isEqualTo(resources.arn(TemplateSettings.EVENTS_LOG_GROUP_ID))
                        .endsWith(":log-group:" + names.name(TemplateSettings.EVENTS_LOG_GROUP_ID) + ":*"));
        for (String group : List.of(TemplateSettings.EVENTS_LOG_GROUP_ID, TemplateSettings.AUDIT_LOG_GROUP_ID)) {
            assertThat(logs.filterLogEvents(request -> request.logGroupName(resources.ref(group)))
                            .events())
                    .as(group + " exists, empty")
                    .isEmpty();
        }
    }

    @Test
    void provisioningTwiceWithTheBusGivesTheSameResources() {
        LocalResources.Names names = uniqueNames();

        ProvisionedResources first = withServices(SETTINGS).provision(names);
        ProvisionedResources second = withServices(SETTINGS).provision(names);

        assertThat(second).isEqualTo(first);
        assertThat(events.listRules(request -> request.eventBusName(first.ref(TemplateSettings.NOTIFICATION_BUS_ID)))
                        .rules())
                .hasSize(2);
    }

    @Test
    void aTableOfAnEarlierTemplateGainsTheIndexesItLacksAndKeepsItsItems() {
        LocalResources.Names names = uniqueNames();
        String table = names.name(TemplateSettings.TABLE_ID);
        TableDefinition declared = SETTINGS.table();
        dynamoDb.createTable(request -> request.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        definition -> definition.attributeName("PatientID").attributeType(ScalarAttributeType.S),
                        definition -> definition.attributeName("ReportID").attributeType(ScalarAttributeType.S),
                        definition -> definition.attributeName("EnqueueShard").attributeType(ScalarAttributeType.S),
                        definition ->
                                definition.attributeName("AwaitingEnqueueSince").attributeType(ScalarAttributeType.N))
                .keySchema(
                        key -> key.attributeName("PatientID").keyType(KeyType.HASH),
                        key -> key.attributeName("ReportID").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(index -> index.indexName("AwaitingEnqueue")
                        .keySchema(
                                key -> key.attributeName("EnqueueShard").keyType(KeyType.HASH),
                                key -> key.attributeName("AwaitingEnqueueSince").keyType(KeyType.RANGE))
                        .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY))));
        for (int i = 0; i < 30; i++) {
            String reportId = "REPORT-" + i;
            dynamoDb.putItem(request -> request.tableName(table)
                    .item(Map.of(
                            "PatientID", AttributeValue.fromS("patient-1"),
                            "ReportID", AttributeValue.fromS(reportId),
                            "NotifyShard", AttributeValue.fromS("0"),
                            "NotifySince", AttributeValue.fromN("1"))));
        }

        new LocalResources(dynamoDb, sqs, SETTINGS).provision(names);

        assertThat(dynamoDb.describeTable(request -> request.tableName(table))
                        .table()
                        .globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrderElementsOf(declared.globalSecondaryIndexes().stream()
                        .map(TableDefinition.SecondaryIndex::indexName)
                        .toList());
        assertThat(dynamoDb.scan(request -> request.tableName(table)).count()).isEqualTo(30);
        assertThat(dynamoDb.query(request -> request.tableName(table)
                                .indexName("AwaitingNotification")
                                .keyConditionExpression("NotifyShard = :s")
                                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("0"))))
                        .count())
                .as("the items written back are in the new sparse index")
                .isEqualTo(30);
    }

    @Test
    void purgeEmptiesTheTableAndQueuesButKeepsThem() {
        LocalResources local = new LocalResources(dynamoDb, sqs, SETTINGS);
        ProvisionedResources resources = local.provision(uniqueNames());
        for (int i = 0; i < 30; i++) {
            String reportId = "REPORT-" + i;
            dynamoDb.putItem(request -> request.tableName(resources.tableName())
                    .item(Map.of(
                            "PatientID",
                            AttributeValue.fromS("patient-1"),
                            "ReportID",
                            AttributeValue.fromS(reportId))));
        }
        sqs.sendMessage(request -> request.queueUrl(resources.queueUrl()).messageBody("a"));
        sqs.sendMessage(request -> request.queueUrl(resources.dlqUrl()).messageBody("b"));

        local.purge(resources);

        assertThat(dynamoDb.scan(request -> request.tableName(resources.tableName()))
                        .count())
                .isZero();
        assertThat(sqs.receiveMessage(request -> request.queueUrl(resources.queueUrl()))
                        .messages())
                .isEmpty();
        assertThat(sqs.receiveMessage(request -> request.queueUrl(resources.dlqUrl()))
                        .messages())
                .isEmpty();
    }

    @Test
    void deleteAllRemovesTheTableAndQueues() {
        LocalResources local = new LocalResources(dynamoDb, sqs, SETTINGS);
        ProvisionedResources resources = local.provision(uniqueNames());

        local.deleteAll(resources);

        assertThat(dynamoDb.listTables().tableNames()).doesNotContain(resources.tableName());
        assertThat(sqs.listQueues().queueUrls()).doesNotContain(resources.queueUrl(), resources.dlqUrl());
    }

    private static Map<QueueAttributeName, String> attributes(String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributes();
    }

    /**
     * Receives the queue's one message again and again, handing it straight back (visibility 0) as a failing consumer
     * would, and counts the receives until SQS no longer delivers it.
     */
    private static int receiveUntilGone(String queueUrl) {
        int receives = 0;
        while (!sqs.receiveMessage(request -> request.queueUrl(queueUrl).visibilityTimeout(0))
                .messages()
                .isEmpty()) {
            receives++;
            assertThat(receives).as("receives without reaching the DLQ").isLessThan(100);
        }
        return receives;
    }
}
