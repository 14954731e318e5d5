package io.medsum.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.local.infra.ProvisionedResources.PhysicalResource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TemplateSettingsTest {

    private static final String SQS = "http://127.0.0.1:9324/000000000000/";
    private static final String SQS_ARN = "arn:aws:sqs:us-east-1:000000000000:";
    private static final URI GATEWAY = URI.create("http://127.0.0.1:41234");

    /** What the local stack provisions for the project's template. */
    private static final ProvisionedResources LOCAL = new ProvisionedResources(Map.ofEntries(
            Map.entry("PatientReportsTable", PhysicalResource.of("PatientReports", "arn:aws:dynamodb:table/P")),
            Map.entry("WebhooksTable", PhysicalResource.of("Webhooks", "arn:aws:dynamodb:table/W")),
            Map.entry(
                    "ReportsQueue",
                    new PhysicalResource(SQS + "reports-queue", SQS_ARN + "reports-queue", "ReportsDlq")),
            Map.entry("ReportsDlq", PhysicalResource.of(SQS + "reports-dlq", SQS_ARN + "reports-dlq")),
            Map.entry(
                    "NotificationsQueue",
                    new PhysicalResource(
                            SQS + "notifications-queue", SQS_ARN + "notifications-queue", "NotificationsDlq")),
            Map.entry(
                    "NotificationsDlq", PhysicalResource.of(SQS + "notifications-dlq", SQS_ARN + "notifications-dlq")),
            Map.entry("AuditLogGroup", PhysicalResource.of("medsum-audit", "arn:aws:logs:log-group:medsum-audit:*")),
            Map.entry("EventsLogGroup", PhysicalResource.of("medsum-events", "arn:aws:logs:log-group:medsum-events:*")),
            Map.entry(
                    "NotificationBus",
                    PhysicalResource.of("medsum-notifications", "arn:aws:events:event-bus/medsum-notifications")),
            Map.entry(
                    "CursorKeySecret",
                    PhysicalResource.of(
                            "arn:aws:secretsmanager:us-east-1:000000000000:secret:medsum/cursor-key",
                            "arn:aws:secretsmanager:us-east-1:000000000000:secret:medsum/cursor-key"))));

    /**
     * A template in the project's shape with small, distinct values, so each expectation below states exactly how a
     * template value becomes a setting.
     */
    @Nested
    class HowTemplateValuesBecomeSettings {

        private static final String TEMPLATE = """
                Parameters:
                  MaxReceiveCount: {Type: Number, Default: 6}
                  MaxConcurrency: {Type: Number, Default: 4}
                  ModelId: {Type: String, Default: some-model}
                Globals:
                  Function:
                    Timeout: 29
                    MemorySize: 1024
                    Environment:
                      Variables:
                        TABLE_NAME: !Ref PatientReportsTable
                        QUEUE_URL: !Ref ReportsQueue
                        SHARED: from-globals
                        OVERRIDDEN: from-globals
                Resources:
                  PatientReportsTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions:
                        - {AttributeName: Pk, AttributeType: S}
                        - {AttributeName: Sk, AttributeType: S}
                        - {AttributeName: Since, AttributeType: N}
                      KeySchema:
                        - {AttributeName: Pk, KeyType: HASH}
                        - {AttributeName: Sk, KeyType: RANGE}
                      GlobalSecondaryIndexes:
                        - IndexName: BySince
                          KeySchema:
                            - {AttributeName: Pk, KeyType: HASH}
                            - {AttributeName: Since, KeyType: RANGE}
                          Projection: {ProjectionType: INCLUDE, NonKeyAttributes: [Status]}
                      TimeToLiveSpecification: {AttributeName: ExpiresAt, Enabled: true}
                  Dlq:
                    Type: AWS::SQS::Queue
                    Properties:
                      MessageRetentionPeriod: 1209600
                  ReportsQueue:
                    Type: AWS::SQS::Queue
                    Properties:
                      VisibilityTimeout: 600
                      MessageRetentionPeriod: 345600
                      RedrivePolicy:
                        deadLetterTargetArn: !GetAtt Dlq.Arn
                        maxReceiveCount: !Ref MaxReceiveCount
                  Api:
                    Type: AWS::Serverless::Api
                  Front:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Front::handle
                      Events:
                        Post:
                          Type: Api
                          Properties: {RestApiId: !Ref Api, Path: /things, Method: post}
                        Get:
                          Type: Api
                          Properties: {RestApiId: !Ref Api, Path: '/things/{id}', Method: GET}
                  Worker:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Worker::handleRequest
                      Timeout: 90
                      MemorySize: 2048
                      Environment:
                        Variables:
                          DLQ_URL: !Ref Dlq
                          MODEL_ID: !Ref ModelId
                          MAX_RECEIVE_COUNT: !Ref MaxReceiveCount
                          LEASE_SECONDS: 120
                          OVERRIDDEN: from-function
                          NOT_LOCAL: !ImportValue shared-export
                      Events:
                        Work:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt ReportsQueue.Arn
                            BatchSize: 7
                            MaximumBatchingWindowInSeconds: 2
                            FunctionResponseTypes: [ReportBatchItemFailures]
                            ScalingConfig: {MaximumConcurrency: !Ref MaxConcurrency}
                  Sweeper:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Sweeper
                      Events:
                        Often: {Type: Schedule, Properties: {Schedule: rate(1 minute)}}
                        Seldom: {Type: Schedule, Properties: {Schedule: rate(2 hours)}}
                """;

        private final TemplateSettings settings = settings(Map.of());
        /** What the local stack provisions for this template. */
        private static final ProvisionedResources LOCAL = new ProvisionedResources(Map.of(
                "PatientReportsTable", PhysicalResource.of("PatientReports", "arn:aws:dynamodb:table/P"),
                "ReportsQueue", new PhysicalResource(SQS + "reports-queue", SQS_ARN + "reports-queue", "Dlq"),
                "Dlq", PhysicalResource.of(SQS + "reports-dlq", SQS_ARN + "reports-dlq")));

        private TemplateSettings settings(Map<String, String> overrides) {
            return TemplateSettings.from(CloudFormationTemplate.parse(TEMPLATE), overrides);
        }

        @Test
        void theTableKeepsItsKeysIndexesBillingModeAndTtlAttribute() {
            TableDefinition table = settings.table();

            assertThat(table.logicalId()).isEqualTo("PatientReportsTable");
            assertThat(table.billingMode()).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.keySchema())
                    .containsExactly(
                            new TableDefinition.KeyAttribute("Pk", "HASH"),
                            new TableDefinition.KeyAttribute("Sk", "RANGE"));
            assertThat(table.attributeDefinitions())
                    .containsExactly(
                            new TableDefinition.AttributeDefinition("Pk", "S"),
                            new TableDefinition.AttributeDefinition("Sk", "S"),
                            new TableDefinition.AttributeDefinition("Since", "N"));
            assertThat(table.globalSecondaryIndexes())
                    .containsExactly(new TableDefinition.SecondaryIndex(
                            "BySince",
                            List.of(
                                    new TableDefinition.KeyAttribute("Pk", "HASH"),
                                    new TableDefinition.KeyAttribute("Since", "RANGE")),
                            "INCLUDE",
                            List.of("Status")));
            assertThat(table.timeToLiveAttribute()).isEqualTo("ExpiresAt");
        }

        @Test
        void theQueueRedrivesToTheQueueItsPolicyTargetsAfterTheParameterisedReceiveCount() {
            assertThat(settings.queue())
                    .isEqualTo(new QueueDefinition(
                            "ReportsQueue", 600, 345600, new QueueDefinition.RedrivePolicy("Dlq", 6)));
            assertThat(settings.deadLetterQueue()).isEqualTo(new QueueDefinition("Dlq", null, 1209600, null));
        }

        @Test
        void aParameterOverrideChangesEverySettingThatRefersToIt() {
            TemplateSettings overridden = settings(Map.of("MaxReceiveCount", "3"));

            assertThat(overridden.parameter("MaxReceiveCount")).isEqualTo("3");
            assertThat(overridden.queue().redrivePolicy().maxReceiveCount()).isEqualTo(3);
            assertThat(overridden.environment("Worker", LOCAL, GATEWAY).variables())
                    .containsEntry("MAX_RECEIVE_COUNT", "3");
        }

        @Test
        void anOverrideOfAnUnknownParameterIsRejected() {
            assertThatThrownBy(() -> settings(Map.of("MaxRecieveCount", "3")))
                    .hasMessageContaining("Unknown template parameter(s) [MaxRecieveCount]");
        }

        @Test
        void functionsTakeTimeoutAndMemoryFromGlobalsUnlessTheySetTheirOwn() {
            assertThat(settings.function("Front").timeout()).isEqualTo(Duration.ofSeconds(29));
            assertThat(settings.function("Front").memorySizeMb()).isEqualTo(1024);
            assertThat(settings.function("Worker").timeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(settings.function("Worker").memorySizeMb()).isEqualTo(2048);
        }

        @Test
        void aHandlerNamesAClassAndAMethod() {
            assertThat(settings.function("Front").handlerClass()).isEqualTo("example.Front");
            assertThat(settings.function("Front").handlerMethod()).isEqualTo("handle");
            assertThat(settings.function("Sweeper").handlerMethod()).isEqualTo("handleRequest");
        }

        @Test
        void theEnvironmentIsGlobalsOverlaidWithTheFunctionsOwnResolvedToLocalValues() {
            FunctionEnvironment environment = settings.environment("Worker", LOCAL, GATEWAY);

            assertThat(environment.variables())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "TABLE_NAME", LOCAL.tableName(),
                            "QUEUE_URL", LOCAL.queueUrl(),
                            "DLQ_URL", LOCAL.dlqUrl(),
                            "MODEL_ID", "some-model",
                            "MAX_RECEIVE_COUNT", "6",
                            "LEASE_SECONDS", "120",
                            "SHARED", "from-globals",
                            "OVERRIDDEN", "from-function"));
        }

        @Test
        void aVariableWithNoLocalValueIsLeftOutAndListedWithTheReason() {
            FunctionEnvironment environment = settings.environment("Worker", LOCAL, GATEWAY);

            assertThat(environment.variables()).doesNotContainKey("NOT_LOCAL");
            assertThat(environment.unresolved()).containsOnlyKeys("NOT_LOCAL");
            assertThat(environment.unresolved().get("NOT_LOCAL")).contains("!ImportValue shared-export");
        }

        @Test
        void apiEventsBecomeRoutesWithUpperCaseMethods() {
            assertThat(settings.apiRoutes())
                    .containsExactly(
                            new ApiRoute("POST", "/things", "Front", "Post"),
                            new ApiRoute("GET", "/things/{id}", "Front", "Get"));
        }

        @Test
        void theWorkersSqsEventCarriesTheEventSourceMappingSettings() {
            assertThat(settings.workerEventSource())
                    .isEqualTo(new SqsEventSource(
                            "Worker",
                            "Work",
                            "ReportsQueue",
                            7,
                            Duration.ofSeconds(2),
                            List.of("ReportBatchItemFailures"),
                            4));
            assertThat(settings.workerEventSource().reportsBatchItemFailures()).isTrue();
        }

        @Test
        void rateSchedulesBecomePeriods() {
            assertThat(settings.scheduledEvents())
                    .containsExactly(
                            new ScheduledEvent("Sweeper", "Often", "rate(1 minute)", Duration.ofMinutes(1)),
                            new ScheduledEvent("Sweeper", "Seldom", "rate(2 hours)", Duration.ofHours(2)));
        }

        @Test
        void aCronScheduleIsRejectedRatherThanNeverRun() {
            String withCron = TEMPLATE.replace("rate(2 hours)", "'cron(0 12 * * ? *)'");

            assertThatThrownBy(() -> TemplateSettings.from(CloudFormationTemplate.parse(withCron), Map.of()))
                    .hasMessageContaining("Schedule 'cron(0 12 * * ? *)' of Sweeper.Seldom");
        }
    }

    /** The real template.yaml: what the local stack will actually run with. */
    @Nested
    class TheProjectTemplate {

        private final TemplateSettings settings = TemplateSettings.fromProjectTemplate();
        private final CloudFormationTemplate template = settings.template();

        @Test
        void theTableIsKeyedByPatientAndReportWithItsTwoSparseIndexes() {
            assertThat(settings.table().keySchema())
                    .containsExactly(
                            new TableDefinition.KeyAttribute("PatientID", "HASH"),
                            new TableDefinition.KeyAttribute("ReportID", "RANGE"));
            assertThat(settings.table().globalSecondaryIndexes())
                    .extracting(TableDefinition.SecondaryIndex::indexName)
                    .containsExactly("AwaitingEnqueue", "AwaitingNotification");
            assertThat(settings.table().globalSecondaryIndexes().get(1))
                    .isEqualTo(new TableDefinition.SecondaryIndex(
                            "AwaitingNotification",
                            List.of(
                                    new TableDefinition.KeyAttribute("NotifyShard", "HASH"),
                                    new TableDefinition.KeyAttribute("NotifySince", "RANGE")),
                            "KEYS_ONLY",
                            List.of()));
        }

        @Test
        void everyTableIsProvisionedTheReportsAndTheWebhooks() {
            assertThat(settings.tables())
                    .extracting(TableDefinition::logicalId)
                    .containsExactly("PatientReportsTable", "WebhooksTable");
            assertThat(settings.table("WebhooksTable").keySchema())
                    .containsExactly(
                            new TableDefinition.KeyAttribute("Tenant", "HASH"),
                            new TableDefinition.KeyAttribute("WebhookId", "RANGE"));
        }

        @Test
        void everyQueueComesAfterItsDeadLetterQueue() {
            List<String> order =
                    settings.queues().stream().map(QueueDefinition::logicalId).toList();

            assertThat(order)
                    .containsExactlyInAnyOrder("ReportsDlq", "ReportsQueue", "NotificationsDlq", "NotificationsQueue");
            assertThat(order.indexOf("ReportsDlq")).isLessThan(order.indexOf("ReportsQueue"));
            assertThat(order.indexOf("NotificationsDlq")).isLessThan(order.indexOf("NotificationsQueue"));
            assertThat(settings.queue("NotificationsQueue").redrivePolicy())
                    .isEqualTo(new QueueDefinition.RedrivePolicy("NotificationsDlq", 60));
            assertThat(settings.queue("NotificationsQueue").visibilityTimeoutSeconds())
                    .isEqualTo(template.properties("NotificationsQueue").get("VisibilityTimeout"));
        }

        @Test
        void theBusHasItsTwoRulesWithTheirLocalTargets() {
            Map<String, Object> references = settings.localReferences(LOCAL, GATEWAY);

            assertThat(settings.eventBusIds()).containsExactly("NotificationBus");
            assertThat(settings.eventRuleIds()).containsExactly("NotificationsToQueueRule", "NotificationsToLogRule");
            EventRuleDefinition toQueue = settings.eventRule("NotificationsToQueueRule", references);
            assertThat(toQueue.eventBusName()).isEqualTo("medsum-notifications");
            assertThat(toQueue.eventPattern()).isEqualTo("{\"source\":[\"medsum\"]}");
            assertThat(toQueue.state()).isEqualTo("ENABLED");
            assertThat(toQueue.targets())
                    .containsExactly(new EventRuleDefinition.Target(
                            "notifications-queue",
                            SQS_ARN + "notifications-queue",
                            SQS_ARN + "notifications-dlq",
                            185,
                            86400));
            assertThat(settings.eventRule("NotificationsToLogRule", references).targets())
                    .containsExactly(new EventRuleDefinition.Target(
                            "events-log", "arn:aws:logs:log-group:medsum-events:*", null, null, null));
        }

        @Test
        void theLogGroupsServedAreThoseAFunctionOrARuleWritesTo() {
            assertThat(settings.logGroupIds()).containsExactlyInAnyOrder("AuditLogGroup", "EventsLogGroup");
        }

        @Test
        void theNotifierAndTheWorkerHaveAnSqsEventSourceEach() {
            assertThat(settings.sqsEventSources())
                    .extracting(SqsEventSource::functionLogicalId, SqsEventSource::queueLogicalId)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("WorkerFunction", "ReportsQueue"),
                            org.assertj.core.groups.Tuple.tuple("NotifierFunction", "NotificationsQueue"));
            SqsEventSource notifier = settings.sqsEventSource("NotifierFunction");
            assertThat(notifier.reportsBatchItemFailures()).isTrue();
            assertThat(notifier.batchSize()).isEqualTo(10);
            assertThat(notifier.maximumConcurrency()).hasToString(settings.parameter("NotifierMaxConcurrency"));
        }

        @Test
        void theNotificationSettingsResolveToTheLocalStack() {
            assertThat(settings.environment("WorkerFunction", LOCAL, GATEWAY).variables())
                    .containsEntry("EVENT_BUS_NAME", "medsum-notifications")
                    .containsEntry("API_URL", GATEWAY.toString());
            assertThat(settings.environment("ReconcilerFunction", LOCAL, GATEWAY)
                            .variables())
                    .containsEntry("API_URL", GATEWAY.toString())
                    .containsEntry("EVENT_BUS_NAME", "medsum-notifications");
            assertThat(settings.environment("WebhooksFunction", LOCAL, GATEWAY).variables())
                    .containsEntry("WEBHOOKS_TABLE_NAME", "Webhooks")
                    .containsEntry("WEBHOOK_SECRET_PREFIX", "medsum/local/webhooks")
                    .containsEntry("WEBHOOK_SECRET_KEY_ID", TemplateSettings.LOCAL_DATA_KEY_ARN)
                    .containsEntry("WEBHOOK_ALLOWED_HOSTS", "");
            assertThat(settings.environment("NotifierFunction", LOCAL, GATEWAY).variables())
                    .containsEntry("NOTIFICATIONS_QUEUE_URL", SQS + "notifications-queue")
                    .containsEntry("NOTIFICATIONS_DLQ_URL", SQS + "notifications-dlq")
                    .containsEntry("WEBHOOK_TIMEOUT_MS", settings.parameter("WebhookTimeoutSeconds") + "000");
        }

        @Test
        void allowedWebhookHostsAreJoinedFromTheListParameter() {
            TemplateSettings restricted = TemplateSettings.fromProjectTemplate(
                    Map.of("WebhookAllowedHosts", "hooks.example.org,*.example.net"));

            assertThat(restricted
                            .environment("NotifierFunction", LOCAL, GATEWAY)
                            .variables())
                    .containsEntry("WEBHOOK_ALLOWED_HOSTS", "hooks.example.org,*.example.net");
        }

        @Test
        void theQueueRedrivesToTheDlqAfterMaxReceiveCountDeliveries() {
            assertThat(settings.queue().redrivePolicy())
                    .isEqualTo(new QueueDefinition.RedrivePolicy(
                            "ReportsDlq", Integer.parseInt(settings.parameter("MaxReceiveCount"))));
            assertThat(settings.queue().visibilityTimeoutSeconds())
                    .isEqualTo(template.properties("ReportsQueue").get("VisibilityTimeout"));
            assertThat(settings.deadLetterQueue().messageRetentionPeriodSeconds())
                    .isEqualTo(template.properties("ReportsDlq").get("MessageRetentionPeriod"));
        }

        @Test
        void theWorkerEnvironmentResolvesCompletelyOnTheLocalStack() {
            FunctionEnvironment environment = settings.environment("WorkerFunction", LOCAL, GATEWAY);

            assertThat(environment.unresolved()).isEmpty();
            assertThat(environment.variables())
                    .containsEntry("TABLE_NAME", LOCAL.tableName())
                    .containsEntry("QUEUE_URL", LOCAL.queueUrl())
                    .containsEntry("DLQ_URL", LOCAL.dlqUrl())
                    .containsEntry("MODEL_ID", settings.parameter("ModelId"))
                    .containsEntry("MAX_RECEIVE_COUNT", settings.parameter("MaxReceiveCount"));
        }

        @Test
        void everyFunctionsEnvironmentResolvesOnTheLocalStack() {
            assertThat(settings.functions())
                    .allSatisfy(function -> assertThat(settings.environment(function.logicalId(), LOCAL, GATEWAY)
                                    .unresolved())
                            .as(function.logicalId())
                            .isEmpty());
        }

        @Test
        void theRoutesAreTheHttpApiOfTheDesign() {
            assertThat(settings.apiRoutes())
                    .extracting(route -> route.method() + " " + route.path() + " -> " + route.functionLogicalId())
                    .containsExactlyInAnyOrder(
                            "POST /summarize -> IngestFunction",
                            "POST /reports/batch -> IngestFunction",
                            "GET /reports/{patientId}/{reportId} -> StatusFunction",
                            "POST /reports/{patientId}/{reportId}/review -> StatusFunction",
                            "GET /patients/{patientId}/reports -> StatusFunction",
                            "GET / -> StatusFunction",
                            "GET /health -> StatusFunction",
                            "POST /webhooks -> WebhooksFunction",
                            "GET /webhooks -> WebhooksFunction",
                            "DELETE /webhooks/{webhookId} -> WebhooksFunction");
        }

        @Test
        void theWorkerConsumesTheQueueWithPartialBatchFailuresAndTheConcurrencyCap() {
            SqsEventSource source = settings.workerEventSource();
            Map<?, ?> declared = sqsEventProperties(source);

            assertThat(source.functionLogicalId()).isEqualTo("WorkerFunction");
            assertThat(source.reportsBatchItemFailures()).isTrue();
            assertThat(source.batchSize()).isEqualTo(declared.get("BatchSize"));
            assertThat(source.maximumBatchingWindow().toSeconds())
                    .isEqualTo(((Number) declared.get("MaximumBatchingWindowInSeconds")).longValue());
            assertThat(source.maximumConcurrency()).hasToString(settings.parameter("MaxConcurrency"));
        }

        @Test
        void theReconcilerAndTheModelWatchRunOnSchedules() {
            assertThat(settings.scheduledEvents())
                    .extracting(ScheduledEvent::functionLogicalId)
                    .containsExactlyInAnyOrder("ReconcilerFunction", "ModelWatchFunction");
            assertThat(settings.scheduledEvents()).allSatisfy(event -> {
                assertThat(event.expression()).startsWith("rate(");
                assertThat(event.period()).isPositive();
            });
        }

        private Map<?, ?> sqsEventProperties(SqsEventSource source) {
            Map<?, ?> events =
                    (Map<?, ?>) template.properties(source.functionLogicalId()).get("Events");
            return (Map<?, ?>) ((Map<?, ?>) events.get(source.eventName())).get("Properties");
        }
    }
}
