package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.ModelFaults;
import io.medsum.local.bedrock.ModelLifecycle;
import io.medsum.local.bedrock.ModelStopReason;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The local model's fault options of {@code ./medsum local}, without starting the stack. */
class LocalCommandTest {
    private static ModelFaults faultsOf(String... args) {
        LocalCommand command = new LocalCommand();
        new CommandLine(command).parseArgs(args);
        return command.modelFaults();
    }

    @Test
    void withoutOptionsTheModelIsHealthyWithNaturalStopsAndCatalogueLifecycles() {
        ModelFaults faults = faultsOf();

        assertThat(faults.toString()).isEqualTo(new ModelFaults().toString());
    }

    @Test
    void takesTheSameSwitchNamesAsFaultsSet() {
        ModelFaults faults = faultsOf(
                "--model-stop-reason",
                "max_tokens",
                "--model-lifecycle",
                "legacy",
                "--model-error-rate",
                "0.5",
                "--model-error",
                "not-ready",
                "--model-rpm",
                "30",
                "--model-latency-ms",
                "20");

        assertThat(faults.stopReason()).contains(ModelStopReason.MAX_TOKENS);
        assertThat(faults.modelLifecycle()).contains(ModelLifecycle.LEGACY);
        assertThat(faults.errorKind()).isEqualTo(BedrockError.MODEL_NOT_READY);
        assertThat(faults.errorRate()).isEqualTo(0.5);
        assertThat(faults.requestsPerMinute()).isEqualTo(30);
        assertThat(faults.latencyMs()).isEqualTo(20);
    }

    @Test
    void refusesAnUnknownLifecycle() {
        assertThatThrownBy(() -> faultsOf("--model-lifecycle", "retired"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end-of-life");
    }
}
