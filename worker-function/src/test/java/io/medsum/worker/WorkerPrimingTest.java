package io.medsum.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.config.Settings;
import io.medsum.common.priming.Priming;
import io.medsum.common.testing.CountingEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SnapStart priming of the worker: every step runs for either model id and with the grounding check on, and nothing
 * leaves the process.
 */
class WorkerPrimingTest {
    private final CountingEndpoint aws = new CountingEndpoint();

    WorkerPrimingTest() throws Exception {}

    @AfterEach
    void close() throws Exception {
        aws.close();
    }

    private Settings settings(String modelId) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", aws.url(),
                "TABLE_NAME", "PatientReports",
                "QUEUE_URL", aws.url() + "/000000000000/reports",
                "DLQ_URL", aws.url() + "/000000000000/reports-dlq",
                "EVENT_BUS_NAME", "medsum-notifications",
                "API_URL", "https://api.test/v1"));
        env.put("MODEL_ID", modelId);
        return new Settings(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us.amazon.nova-2-lite-v1:0", "amazon.nova-micro-v1:0"})
    void primingRunsEveryStepWithoutSendingAnything(String modelId) {
        Priming priming = new WorkerPriming(new WorkerWiring(settings(modelId))).run();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(8);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void withTheGroundingCheckOnItsApplyGuardrailCallIsPrimedWithoutBeingSent() {
        Map<String, String> env =
                new HashMap<>(settings("us.amazon.nova-2-lite-v1:0").asMap());
        env.put("GUARDRAIL_ID", "abc123def456");
        env.put("GUARDRAIL_VERSION", "1");
        WorkerWiring wiring = new WorkerWiring(new Settings(env));

        Priming priming = new WorkerPriming(wiring).run();

        assertThat(wiring.grounding.isOn()).isTrue();
        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(8);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void theHandlerPrimesWhenSnapStartAsksBeforeTheSnapshot() {
        new WorkerHandler(settings("us.amazon.nova-2-lite-v1:0")).beforeCheckpoint(null);

        assertThat(aws.connections()).isZero();
    }
}
