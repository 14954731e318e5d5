package io.medsum.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medsum.local.LocalPipeline;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class LocalPipelineStartTest {

    @Test
    void aPipelineThatFailsToStartLeavesNoStandInRunning() {
        long before = ProcessHandle.current().children().count();
        // The stand-ins start, then building the worker from this environment fails fast.
        var options = LocalPipeline.Options.inMemory().withEnvironment(Map.of("RETRY_BASE_SECONDS", "not-a-number"));

        assertThatThrownBy(() -> LocalPipeline.start(options)).hasMessageContaining("RETRY_BASE_SECONDS");

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.current()
                                .children()
                                .filter(ProcessHandle::isAlive)
                                .count())
                        .as("dynalite's node process was stopped again")
                        .isLessThanOrEqualTo(before));
    }
}
