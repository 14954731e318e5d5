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

/** The queue pair and the worker's event source mapping, as issue 4 and AWS's SQS-Lambda guidance ask. */
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

    private static int bound(String parameter, String bound) {
        return ((Number) TEMPLATE.template.parameter(parameter).get(bound)).intValue();
    }
}
