package io.medsum.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.infra.FunctionDefinition;
import io.medsum.local.infra.TemplateSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker's timing settings in template.yaml must fit together, or reports get stuck or summarized twice in AWS even
 * though every test passes locally.
 */
class WorkerTimingContractTest {
    private final TemplateSettings template = TemplateSettings.fromProjectTemplate();
    private final FunctionDefinition worker = template.function("WorkerFunction");
    private final Map<String, String> env = template.environment(
                    "WorkerFunction", Map.of("PatientReportsTable", "t", "ReportsQueue", "q", "ReportsDlq", "d"))
            .variables();

    private long seconds(String name) {
        return Long.parseLong(env.get(name));
    }

    @Test
    void modelAttemptsTimesTheirTimeoutFitInsideTheFunctionTimeout() {
        long modelBudgetMs = seconds("MODEL_MAX_ATTEMPTS") * seconds("MODEL_ATTEMPT_TIMEOUT_MS");
        assertThat(modelBudgetMs + 10_000)
                .as("model calls plus DynamoDB and SQS work")
                .isLessThan(worker.timeout().toMillis());
    }

    @Test
    void theLeaseOutlivesALiveWorkerButExpiresBeforeTheMessageReturns() {
        long lease = seconds("LEASE_SECONDS");
        assertThat(lease)
                .as("a live worker never loses its claim")
                .isGreaterThan(worker.timeout().toSeconds());
        assertThat(lease)
                .as("a redelivery after a crash finds the claim expired")
                .isLessThan(template.queue().visibilityTimeoutSeconds());
    }

    @Test
    void theQueueVisibilityIsAtLeastSixTimesTheWorkerTimeout() {
        assertThat((long) template.queue().visibilityTimeoutSeconds())
                .isGreaterThanOrEqualTo(6 * worker.timeout().toSeconds());
    }

    @Test
    void theWorkerKnowsTheQueuesMaxReceiveCount() {
        assertThat(Integer.parseInt(env.get("MAX_RECEIVE_COUNT")))
                .isEqualTo(template.queue().redrivePolicy().maxReceiveCount());
        assertThat(template.queue().redrivePolicy().maxReceiveCount()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void backoffNeverOutlastsTheQueuesRetention() {
        assertThat(seconds("RETRY_CAP_SECONDS")
                        * template.queue().redrivePolicy().maxReceiveCount())
                .isLessThan(template.queue().messageRetentionPeriodSeconds());
    }
}
