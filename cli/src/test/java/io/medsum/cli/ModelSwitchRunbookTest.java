package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy.md's "Switching models" runbook, played on the local stack: while the configured model is retired,
 * reports end FAILED with MODEL_NOT_FOUND and wait in the DLQ and health names the model; the model is switched (a
 * redeploy with another ModelId); {@code ./medsum dlq redrive} brings every report to SUCCESS, each summarized exactly
 * once.
 */
class ModelSwitchRunbookTest {
    private static final Pattern REPORT_ID = Pattern.compile("reportId\\s+(REPORT-\\S+)");
    private static final String RETIRED = "amazon.titan-text-express-v1";

    @TempDir
    Path dir;

    @Test
    void reportsFailedOnARetiredModelReachSuccessOnceTheModelIsSwitchedAndRedriven() throws Exception {
        var options = LocalPipeline.Options.inMemory()
                .withParameters(Map.of("ModelId", RETIRED))
                .withEnvironment(
                        Map.of("RETRY_BASE_SECONDS", "0", "RETRY_CAP_SECONDS", "1", "MODEL_MAX_ATTEMPTS", "1"));
        try (LocalStack stack = LocalStack.start(new LocalStack.Config(dir.resolve(".medsum"), 0, true, options))) {
            String dataDir = dir.resolve(".medsum").toString();
            Map<String, String> textById = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                String text = "ASSESSMENT: Migraine, episode " + i + ". PLAN: Sumatriptan 50 mg as needed.";
                Path note = Files.writeString(dir.resolve("note-" + i + ".txt"), text);
                Matcher m = REPORT_ID.matcher(
                        CliRun.of("submit", "--patient", "RUNBOOK-1", note.toString(), "--data-dir", dataDir)
                                .out());
                assertThat(m.find()).isTrue();
                textById.put(m.group(1), text);
            }
            StackWaits.awaitDlqDepth(stack, 3);

            CliRun listed = CliRun.of("dlq", "list", "--data-dir", dataDir);
            textById.keySet()
                    .forEach(id -> assertThat(listed.out())
                            .containsPattern(id + "\\s+MODEL_NOT_FOUND\\s+\\d+\\s+\\S+\\s+FAILED"));
            JsonNode degraded = health(stack);
            assertThat(degraded.get("status").asText()).isEqualTo("degraded");
            assertThat(degraded.get("checks").get("model").get("id").asText()).isEqualTo(RETIRED);

            stack.pipeline().redeploy(Map.of("ModelId", ModelIds.DEFAULT));
            assertThat(health(stack).get("checks").get("model").get("lifecycle").asText())
                    .isEqualTo("ACTIVE");
            CliRun redrive = CliRun.of("dlq", "redrive", "--data-dir", dataDir, "--max-per-second", "50");
            assertThat(redrive.exitCode()).as(redrive.out()).isZero();

            for (var report : textById.entrySet()) {
                StackWaits.awaitStatus(dataDir, "RUNBOOK-1", report.getKey(), "SUCCESS");
                assertThat(stack.pipeline().bedrock().counters().successfulCallsFor(report.getValue()))
                        .as("summarized once")
                        .isEqualTo(1);
            }
            assertThat(CliRun.of("dlq", "list", "--data-dir", dataDir).out()).contains("0 message(s)");
            assertThat(health(stack).get("status").asText()).isEqualTo("ok");
        }
    }

    private static JsonNode health(LocalStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.info().apiUrl() + "/health"))
                                .header("x-api-key", stack.info().apiKey())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return Json.parse(response.body());
    }
}
