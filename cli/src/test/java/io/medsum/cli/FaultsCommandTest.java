package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.json.Json;
import io.medsum.local.bedrock.BedrockError;
import io.medsum.local.bedrock.LocalBedrockServer;
import io.medsum.local.bedrock.ModelLifecycle;
import io.medsum.local.bedrock.ModelStopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./medsum faults set|show|clear} with the stop-reason, lifecycle and not-ready switches. */
class FaultsCommandTest {
    @TempDir
    Path dataDir;

    private LocalBedrockServer bedrock;

    @BeforeEach
    void startTheStacksModel() throws Exception {
        bedrock = LocalBedrockServer.start();
        Files.writeString(
                dataDir.resolve("local.json"),
                Json.write(Map.of("bedrockEndpoint", bedrock.endpoint().toString())));
    }

    @AfterEach
    void stop() {
        bedrock.close();
    }

    private CliRun faults(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "faults";
        full[1] = "--data-dir";
        full[2] = dataDir.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliRun.of(full);
    }

    @Test
    void setsTheStopReasonAndTheLifecycleAndShowsThem() {
        CliRun set = faults("set", "--model-stop-reason", "max_tokens", "--model-lifecycle", "end-of-life");

        assertThat(set.exitCode()).isZero();
        assertThat(bedrock.faults().stopReason()).contains(ModelStopReason.MAX_TOKENS);
        assertThat(bedrock.faults().modelLifecycle()).contains(ModelLifecycle.END_OF_LIFE);
        assertThat(set.out()).contains("\"stopReason\" : \"max_tokens\"", "\"modelLifecycle\" : \"end-of-life\"");

        CliRun show = faults("show");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out())
                .contains(
                        "\"stopReason\" : \"max_tokens\"",
                        "\"modelLifecycle\" : \"end-of-life\"",
                        "getFoundationModelCalls");
    }

    @Test
    void naturalAndCatalogUnsetThemAndClearResetsEverything() {
        faults("set", "--model-stop-reason", "content_filtered", "--model-lifecycle", "legacy", "--model-rpm", "5");

        assertThat(faults("set", "--model-stop-reason", "natural").exitCode()).isZero();
        assertThat(bedrock.faults().stopReason()).isEmpty();
        assertThat(bedrock.faults().modelLifecycle()).contains(ModelLifecycle.LEGACY);

        assertThat(faults("set", "--model-lifecycle", "catalog").exitCode()).isZero();
        assertThat(bedrock.faults().modelLifecycle()).isEmpty();
        assertThat(bedrock.faults().requestsPerMinute()).isEqualTo(5);

        faults("set", "--model-stop-reason", "guardrail_intervened", "--model-lifecycle", "end-of-life");
        assertThat(faults("clear").exitCode()).isZero();
        assertThat(bedrock.faults().stopReason()).isEmpty();
        assertThat(bedrock.faults().modelLifecycle()).isEmpty();
        assertThat(bedrock.faults().requestsPerMinute()).isZero();
    }

    @Test
    void notReadyIsAnErrorKind() {
        assertThat(faults("set", "--model-error-rate", "1", "--model-error", "not-ready")
                        .exitCode())
                .isZero();

        assertThat(bedrock.faults().errorKind()).isEqualTo(BedrockError.MODEL_NOT_READY);
    }

    @Test
    void anUnknownValueIsRefusedAndChangesNothing() {
        assertThat(faults("set", "--model-lifecycle", "retired").exitCode()).isNotZero();
        assertThat(faults("set", "--model-stop-reason", "tool_use").exitCode()).isNotZero();

        assertThat(bedrock.faults().modelLifecycle()).isEmpty();
        assertThat(bedrock.faults().stopReason()).isEmpty();
    }
}
