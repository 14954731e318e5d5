package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /_medsum/faults}, the switches of a running stack, as {@code ./medsum faults} uses them. */
class FaultsAdminHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalBedrockServer server = LocalBedrockServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String body) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(
                HttpRequest.newBuilder(server.endpoint().resolve(FaultsAdminHandler.PATH))
                        .method(method, publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void setsShowsAndClearsTheStopReasonAndTheLifecycle() throws Exception {
        JsonNode set = JSON.readTree(send("POST", "{\"stopReason\":\"max_tokens\",\"modelLifecycle\":\"end-of-life\"}")
                .body());

        assertThat(server.faults().stopReason()).contains(ModelStopReason.MAX_TOKENS);
        assertThat(server.faults().modelLifecycle()).contains(ModelLifecycle.END_OF_LIFE);
        assertThat(set.get("stopReason").asText()).isEqualTo("max_tokens");
        assertThat(set.get("modelLifecycle").asText()).isEqualTo("end-of-life");

        JsonNode cleared = JSON.readTree(send("DELETE", null).body());

        assertThat(cleared.get("stopReason").asText()).isEqualTo("natural");
        assertThat(cleared.get("modelLifecycle").asText()).isEqualTo("catalog");
        assertThat(server.faults().stopReason()).isEmpty();
        assertThat(server.faults().modelLifecycle()).isEmpty();
    }

    @Test
    void naturalAndCatalogUnsetTheSwitchesAlone() throws Exception {
        server.faults()
                .stopReason(ModelStopReason.CONTENT_FILTERED)
                .modelLifecycle(ModelLifecycle.LEGACY)
                .latencyMs(7);

        send("POST", "{\"stopReason\":\"natural\",\"modelLifecycle\":\"catalog\"}");

        assertThat(server.faults().stopReason()).isEmpty();
        assertThat(server.faults().modelLifecycle()).isEmpty();
        assertThat(server.faults().latencyMs()).isEqualTo(7);
    }

    @Test
    void refusesAnUnknownValueWithTheChoices() throws Exception {
        HttpResponse<String> response = send("POST", "{\"modelLifecycle\":\"retired\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("end-of-life");
    }

    @Test
    void showsTheCountersOfBothPlanes() throws Exception {
        JsonNode counters = JSON.readTree(send("GET", null).body()).get("counters");

        assertThat(counters.has("totalCalls")).isTrue();
        assertThat(counters.has("rejectedCalls")).isTrue();
        assertThat(counters.has("getFoundationModelCalls")).isTrue();
        assertThat(counters.has("getInferenceProfileCalls")).isTrue();
    }
}
