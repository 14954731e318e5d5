package io.medsum.local.template;

import static io.medsum.local.template.ProjectTemplate.ACCOUNT;
import static io.medsum.local.template.ProjectTemplate.DEFAULTS;
import static io.medsum.local.template.ProjectTemplate.REGION;
import static io.medsum.local.template.ProjectTemplate.STACK;
import static io.medsum.local.template.ProjectTemplate.list;
import static io.medsum.local.template.ProjectTemplate.map;
import static io.medsum.local.template.ProjectTemplate.marker;
import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.infra.SqsEventSource;
import io.medsum.local.infra.TemplateSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue pairs and their event source mappings, as issues 4 and 12 and AWS's SQS-Lambda guidance ask: the reports
 * queue and the worker, the notifications queue (fed by the bus's rule) and the notifier.
 */
class QueueContractTest {
    private static final ProjectTemplate TEMPLATE = new ProjectTemplate();
    private static final TemplateSettings SETTINGS = TemplateSettings.fromProjectTemplate();

    private static Map<String, Object> queue(String id) {
        return TEMPLATE.properties(id, DEFAULTS);
    }

    @Test
    void theDlqKeepsMessages14DaysAndOnlyTheReportsQueueMayRedriveIntoIt() {
        Map<String, Object> dlq = queue("ReportsDlq");
        Map<String, Object> allow = map(dlq.get("RedriveAllowPolicy"));
        String reportsQueueArn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":"
                + queue("ReportsQueue").get("QueueName");

        assertThat(SETTINGS.deadLetterQueue().messageRetentionPeriodSeconds())
                .isEqualTo((int) Duration.ofDays(14).toSeconds());
        assertThat(allow).containsEntry("redrivePermission", "byQueue");
        assertThat(list(allow.get("sourceQueueArns"))).containsExactly(reportsQueueArn);
        assertThat(queue("ReportsQueue").get("QueueName")).isEqualTo(STACK + "-reports");
    }

    @Test
    void aMessageIsDeliveredAtLeastFiveTimesBeforeTheDlq() {
        assertThat(SETTINGS.queue().redrivePolicy().deadLetterQueueLogicalId()).isEqualTo("ReportsDlq");
        assertThat(SETTINGS.queue().redrivePolicy().maxReceiveCount()).isGreaterThanOrEqualTo(5);
        assertThat(bound("MaxReceiveCount", "MinValue"))
                .as("no deployment can lower it")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void theVisibilityTimeoutIsAtLeastSixTimesTheWorkerTimeout() {
        long workerTimeout = SETTINGS.function("WorkerFunction").timeout().toSeconds();

        assertThat((long) SETTINGS.queue().visibilityTimeoutSeconds()).isGreaterThanOrEqualTo(6 * workerTimeout);
    }

    @Test
    void bothQueuesAreEncryptedWithTheDataKeyAndRefuseNonTlsRequests() {
        assertThat(queue("ReportsQueue")).containsEntry("KmsMasterKeyId", marker("DataKey"));
        assertThat(queue("ReportsDlq")).containsEntry("KmsMasterKeyId", marker("DataKey"));

        Map<String, Object> policy = TEMPLATE.properties("QueuesDenyInsecureTransport", DEFAULTS);
        assertThat(list(policy.get("Queues"))).containsExactlyInAnyOrder(marker("ReportsQueue"), marker("ReportsDlq"));
        assertThat(list(map(policy.get("PolicyDocument")).get("Statement"))).anySatisfy(raw -> {
            Map<String, Object> statement = map(raw);
            assertThat(statement)
                    .containsEntry("Effect", "Deny")
                    .containsEntry("Principal", "*")
                    .containsEntry("Action", "sqs:*");
            assertThat(list(statement.get("Resource")))
                    .containsExactlyInAnyOrder(marker("ReportsQueue.Arn"), marker("ReportsDlq.Arn"));
            assertThat(map(map(statement.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", "false");
        });
    }

    @Test
    void theWorkerReportsPartialFailuresAndItsConcurrencyIsTheParameter() {
        SqsEventSource mapping = SETTINGS.workerEventSource();
        Map<String, Object> raw =
                map(map(map(TEMPLATE.template.properties("WorkerFunction").get("Events"))
                                .get(mapping.eventName()))
                        .get("Properties"));

        assertThat(mapping.functionLogicalId()).isEqualTo("WorkerFunction");
        assertThat(mapping.functionResponseTypes()).containsExactly("ReportBatchItemFailures");
        assertThat(mapping.batchSize()).isBetween(1, 10);
        assertThat(String.valueOf(map(raw.get("ScalingConfig")).get("MaximumConcurrency")))
                .isEqualTo("!Ref MaxConcurrency");
        assertThat(mapping.maximumConcurrency()).isEqualTo(Integer.parseInt(SETTINGS.parameter("MaxConcurrency")));
    }

    @Test
    void theConcurrencyParameterStaysWithinWhatLambdaAccepts() {
        // ScalingConfig.MaximumConcurrency must be between 2 and 1000.
        assertThat(bound("MaxConcurrency", "MinValue")).isGreaterThanOrEqualTo(2);
        assertThat(bound("MaxConcurrency", "MaxValue")).isLessThanOrEqualTo(1000);
    }

    @Test
    void theNotificationsDlqKeepsMessages14DaysAndOnlyTheNotificationsQueueMayRedriveIntoIt() {
        Map<String, Object> allow = map(queue("NotificationsDlq").get("RedriveAllowPolicy"));

        assertThat(SETTINGS.queue("NotificationsDlq").messageRetentionPeriodSeconds())
                .isEqualTo((int) Duration.ofDays(14).toSeconds());
        assertThat(allow).containsEntry("redrivePermission", "byQueue");
        assertThat(list(allow.get("sourceQueueArns")))
                .containsExactly("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + STACK + "-notifications");
        assertThat(queue("NotificationsQueue").get("QueueName")).isEqualTo(STACK + "-notifications");
        assertThat(SETTINGS.queue(TemplateSettings.NOTIFICATIONS_QUEUE_ID)
                        .redrivePolicy()
                        .deadLetterQueueLogicalId())
                .isEqualTo("NotificationsDlq");
    }

    @Test
    void aNotificationOutlivesItsDeliveriesAndIsNotRedeliveredWhileTheNotifierRuns() {
        var notifications = SETTINGS.queue(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
        long notifierTimeout = SETTINGS.function("NotifierFunction").timeout().toSeconds();

        assertThat((long) notifications.visibilityTimeoutSeconds()).isGreaterThanOrEqualTo(6 * notifierTimeout);
        // Deliveries are retried for about a day (WebhookRetryCapSeconds at most 12 h between two attempts).
        assertThat(notifications.messageRetentionPeriodSeconds())
                .isGreaterThanOrEqualTo((int) Duration.ofDays(2).toSeconds());
        assertThat(bound("WebhookRetryCapSeconds", "MaxValue"))
                .as("SQS's visibility limit, the longest delay a returned message can have")
                .isLessThanOrEqualTo((int) Duration.ofHours(12).toSeconds());
    }

    @Test
    void theNotificationQueuesAreEncryptedWithTheDataKeyAndRefuseNonTlsRequests() {
        assertThat(queue("NotificationsQueue")).containsEntry("KmsMasterKeyId", marker("DataKey"));
        assertThat(queue("NotificationsDlq")).containsEntry("KmsMasterKeyId", marker("DataKey"));

        Map<String, Object> policy = TEMPLATE.properties("NotificationsQueuePolicy", DEFAULTS);
        assertThat(list(policy.get("Queues")))
                .containsExactlyInAnyOrder(marker("NotificationsQueue"), marker("NotificationsDlq"));
        assertThat(list(map(policy.get("PolicyDocument")).get("Statement"))).anySatisfy(raw -> {
            Map<String, Object> statement = map(raw);
            assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Action", "sqs:*");
            assertThat(list(statement.get("Resource")))
                    .containsExactlyInAnyOrder(marker("NotificationsQueue.Arn"), marker("NotificationsDlq.Arn"));
            assertThat(map(map(statement.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", "false");
        });
    }

    @Test
    void theNotifierReportsPartialFailuresAndItsConcurrencyIsTheParameterWithinLambdasBounds() {
        SqsEventSource mapping = SETTINGS.sqsEventSource("NotifierFunction");

        assertThat(mapping.queueLogicalId()).isEqualTo(TemplateSettings.NOTIFICATIONS_QUEUE_ID);
        assertThat(mapping.functionResponseTypes()).containsExactly("ReportBatchItemFailures");
        assertThat(mapping.batchSize()).isBetween(1, 10);
        assertThat(mapping.maximumConcurrency())
                .isEqualTo(Integer.parseInt(SETTINGS.parameter("NotifierMaxConcurrency")));
        // ScalingConfig.MaximumConcurrency must be between 2 and 1000.
        assertThat(bound("NotifierMaxConcurrency", "MinValue")).isGreaterThanOrEqualTo(2);
        assertThat(bound("NotifierMaxConcurrency", "MaxValue")).isLessThanOrEqualTo(1000);
    }

    @Test
    void theBusRuleRetriesADayAndDeadLettersWhatTheQueueRefuses() {
        var rule = SETTINGS.eventRule(
                "NotificationsToQueueRule",
                Map.of(
                        "NotificationBus", "bus",
                        "NotificationsQueue.Arn", "queue-arn",
                        "NotificationsDlq.Arn", "dlq-arn"));

        assertThat(rule.eventPattern()).isEqualTo("{\"source\":[\"medsum\"]}");
        assertThat(rule.targets()).singleElement().satisfies(target -> {
            assertThat(target.arn()).isEqualTo("queue-arn");
            assertThat(target.deadLetterArn()).isEqualTo("dlq-arn");
            // EventBridge's documented maximums: 24 hours, 185 attempts.
            assertThat(target.maximumEventAgeSeconds())
                    .isEqualTo((int) Duration.ofHours(24).toSeconds());
            assertThat(target.maximumRetryAttempts()).isEqualTo(185);
        });
    }

    private static int bound(String parameter, String bound) {
        return ((Number) TEMPLATE.template.parameter(parameter).get(bound)).intValue();
    }
}
