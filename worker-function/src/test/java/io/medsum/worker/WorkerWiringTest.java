package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.medsum.common.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's processing policy comes from its environment (template.yaml sets it). */
class WorkerWiringTest {

    private static WorkerWiring wiring(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "TABLE_NAME", "PatientReports",
                "QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/reports",
                "DLQ_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/reports-dlq",
                "EVENT_BUS_NAME", "medsum-notifications",
                "API_URL", "https://api.test/v1"));
        env.putAll(extra);
        return new WorkerWiring(new Settings(env));
    }

    @Test
    void withoutSettingsThePolicyIsTheDocumentedDefault() {
        ProcessingPolicy policy = wiring(Map.of()).policy();

        assertThat(policy.lease()).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.maxReceiveCount()).isEqualTo(6);
        assertThat(policy.fallback()).isEmpty();
        assertThat(policy.backoff().delaySeconds(1)).isBetween(5, 10);
    }

    @Test
    void thePolicyFollowsTheSettings() {
        ProcessingPolicy policy = wiring(Map.of(
                        "LEASE_SECONDS", "30",
                        "MAX_RECEIVE_COUNT", "3",
                        "RETRY_BASE_SECONDS", "60",
                        "RETRY_CAP_SECONDS", "60",
                        "FALLBACK_SUMMARIZER", "true"))
                .policy();

        assertThat(policy.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.maxReceiveCount()).isEqualTo(3);
        assertThat(policy.fallback()).isPresent();
        assertThat(policy.backoff().delaySeconds(4)).isBetween(30, 60);
    }

    @Test
    void aRetryBaseAboveItsCapStopsTheWorkerAtStart() {
        WorkerWiring wiring = wiring(Map.of("RETRY_BASE_SECONDS", "600", "RETRY_CAP_SECONDS", "300"));

        assertThatIllegalArgumentException().isThrownBy(wiring::policy).withMessageContaining("RETRY_CAP_SECONDS=300");
    }
}
