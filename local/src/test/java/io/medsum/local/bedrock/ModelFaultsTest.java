package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelFaultsTest {
    @Test
    void aFreshInstanceIsHealthy() {
        ModelFaults faults = new ModelFaults();

        assertThat(faults.latencyMs()).isZero();
        assertThat(faults.requestsPerMinute()).isZero();
        assertThat(faults.quotaWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(faults.errorRate()).isZero();
        assertThat(faults.timeoutMs()).isZero();
        assertThat(faults.stopReason()).isEmpty();
        assertThat(faults.modelLifecycle()).isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(faults.drawInjectedError()).isEmpty();
        }
    }

    @Test
    void anErrorRateOfOneFailsEveryCallWithTheChosenKind() {
        ModelFaults faults = new ModelFaults().errorRate(1.0).errorKind(BedrockError.ACCESS_DENIED);

        assertThat(faults.drawInjectedError()).contains(BedrockError.ACCESS_DENIED);
    }

    @Test
    void theSameSeedDrawsTheSameFailures() {
        ModelFaults faults = new ModelFaults().errorRate(0.3);

        List<Optional<BedrockError>> first = draws(faults.errorSeed(123), 50);
        List<Optional<BedrockError>> second = draws(faults.errorSeed(123), 50);

        assertThat(second).isEqualTo(first).contains(Optional.empty(), Optional.of(BedrockError.INTERNAL_SERVER));
    }

    @Test
    void clearRestoresHealthAndTheDefaultSeed() {
        ModelFaults faults = new ModelFaults().errorRate(0.5);
        List<Optional<BedrockError>> fromDefaultSeed = draws(faults, 20);
        faults.latencyMs(5)
                .requestsPerMinute(3)
                .quotaWindow(Duration.ofSeconds(1))
                .timeoutMs(9)
                .errorSeed(99)
                .stopReason(ModelStopReason.MAX_TOKENS)
                .modelLifecycle(ModelLifecycle.END_OF_LIFE);

        faults.clear();

        assertThat(faults.toString()).isEqualTo(new ModelFaults().toString());
        assertThat(draws(faults.errorRate(0.5), 20)).isEqualTo(fromDefaultSeed);
    }

    @Test
    void refusesSettingsThatMeanNothing() {
        ModelFaults faults = new ModelFaults();

        assertThatThrownBy(() -> faults.latencyMs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.requestsPerMinute(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.quotaWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.errorRate(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.errorRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.errorKind(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> faults.timeoutMs(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.stopReason(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> faults.modelLifecycle(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void switchValuesSetOrRemoveTheStopReasonAndTheLifecycle() {
        ModelFaults faults = new ModelFaults();

        faults.stopReasonSwitch("max_tokens").modelLifecycleSwitch("end-of-life");
        assertThat(faults.stopReason()).contains(ModelStopReason.MAX_TOKENS);
        assertThat(faults.modelLifecycle()).contains(ModelLifecycle.END_OF_LIFE);

        faults.stopReasonSwitch("guardrail-intervened").modelLifecycleSwitch("LEGACY");
        assertThat(faults.stopReason()).contains(ModelStopReason.GUARDRAIL_INTERVENED);
        assertThat(faults.modelLifecycle()).contains(ModelLifecycle.LEGACY);

        faults.stopReasonSwitch("natural").modelLifecycleSwitch("catalog");
        assertThat(faults.stopReason()).isEmpty();
        assertThat(faults.modelLifecycle()).isEmpty();
    }

    @Test
    void unknownSwitchValuesAreRefusedWithTheChoices() {
        ModelFaults faults = new ModelFaults();

        assertThatThrownBy(() -> faults.stopReasonSwitch("tool_use"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end_turn, max_tokens, content_filtered, guardrail_intervened, natural");
        assertThatThrownBy(() -> faults.modelLifecycleSwitch("retired"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("active, legacy, end-of-life, catalog");
        assertThat(faults.stopReason()).isEmpty();
    }

    @Test
    void theNotReadySwitchNamesModelNotReady() {
        assertThat(BedrockError.fromSwitchName("not-ready")).isEqualTo(BedrockError.MODEL_NOT_READY);
        assertThat(BedrockError.MODEL_NOT_READY.httpStatus()).isEqualTo(429);
    }

    @Test
    void anOverrideShowsActiveModelsInItsState() {
        FoundationModel nova =
                ModelCatalog.standard().foundationModel("amazon.nova-pro-v1:0").orElseThrow();
        ModelFaults faults = new ModelFaults();

        assertThat(faults.asSeenNow(nova)).isSameAs(nova);
        assertThat(faults.modelLifecycle(ModelLifecycle.END_OF_LIFE)
                        .asSeenNow(nova)
                        .lifecycle())
                .isEqualTo(ModelLifecycle.END_OF_LIFE);
        assertThat(faults.catalogModelLifecycle().asSeenNow(nova)).isSameAs(nova);
    }

    private static List<Optional<BedrockError>> draws(ModelFaults faults, int count) {
        List<Optional<BedrockError>> draws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            draws.add(faults.drawInjectedError());
        }
        return draws;
    }
}
