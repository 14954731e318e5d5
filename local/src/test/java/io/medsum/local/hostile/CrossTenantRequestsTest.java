package io.medsum.local.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.domain.ReportIds;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import io.medsum.local.gateway.ClientKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input across tenants, over real HTTP through the local gateway: a second client, with its own valid key,
 * tries every way at another client's report (read, guess under another patient, review, page with the other's cursor).
 * Each is refused exactly as if the report did not exist, and nothing is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTenantRequestsTest {
    private static final String PATIENT = "XT-PATIENT-1";
    private LocalStack stack;
    private WireClient owner;
    private WireClient intruder;
    private WriteProbe probe;
    private String reportId;
    private String ownersCursor;

    @BeforeAll
    void startStackWithTwoClients(@TempDir Path stateDirectory) throws Exception {
        stack = LocalStack.start(new LocalStack.Config(stateDirectory, 0, true, LocalPipeline.Options.inMemory()));
        URI api = URI.create(stack.info().apiUrl());
        owner = new WireClient(api, stack.info().apiKey());
        intruder = new WireClient(
                api, ClientKeys.in(stateDirectory).create("intruder", false).key());
        probe = new WriteProbe(stack.pipeline());
        String body = Json.write(Map.of("patientId", PATIENT, "text", "ASSESSMENT: Gout. PLAN: Colchicine."));
        for (int i = 0; i < 2; i++) {
            reportId = json(owner.send(WireRequest.postJson("/summarize", body)))
                    .get("reportId")
                    .asText();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> json(owner.send(WireRequest.get("/reports/" + PATIENT + "/" + reportId)))
                        .get("status")
                        .asText()
                        .equals("SUCCESS"));
        ownersCursor = json(owner.send(WireRequest.get("/patients/" + PATIENT + "/reports?limit=1")))
                .get("nextCursor")
                .asText();
    }

    @AfterAll
    void stop() {
        intruder.close();
        owner.close();
        probe.close();
        stack.close();
    }

    private static JsonNode json(WireClient.WireResponse response) {
        try {
            return Json.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (Json.InvalidJsonException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private WireClient.WireResponse unchanged(WireRequest request) {
        WriteProbe.Snapshot before = probe.snapshot();
        WireClient.WireResponse response = intruder.send(request);
        assertThat(probe.snapshot()).as("nothing written").isEqualTo(before);
        return response;
    }

    @Test
    void anotherClientsReportIsNotFoundExactlyLikeAMissingOne() {
        var theirs = unchanged(WireRequest.get("/reports/" + PATIENT + "/" + reportId));
        var missing = unchanged(WireRequest.get("/reports/" + PATIENT + "/" + ReportIds.next()));

        assertThat(theirs.status()).isEqualTo(404);
        assertThat(new String(theirs.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(missing.body(), StandardCharsets.UTF_8))
                .doesNotContain("Gout");
    }

    @Test
    void guessingTheReportUnderAnotherPatientFindsNothing() {
        assertThat(unchanged(WireRequest.get("/reports/XT-PATIENT-2/" + reportId))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anotherClientsReviewDecisionIsNotFoundAndChangesNothing() {
        var response = unchanged(
                WireRequest.postJson("/reports/" + PATIENT + "/" + reportId + "/review", "{\"decision\":\"reject\"}"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(owner.send(WireRequest.get("/reports/" + PATIENT + "/" + reportId)))
                        .get("status")
                        .asText())
                .isEqualTo("SUCCESS");
    }

    @Test
    void anotherClientsCursorIsRefused() {
        var response = unchanged(WireRequest.get("/patients/" + PATIENT + "/reports?cursor=" + ownersCursor));

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("type").asText()).isEqualTo("urn:problem:medsum:validation");
    }

    @Test
    void anotherClientsListingOfThePatientIsEmpty() {
        var response = unchanged(WireRequest.get("/patients/" + PATIENT + "/reports"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("items")).isEmpty();
    }
}
