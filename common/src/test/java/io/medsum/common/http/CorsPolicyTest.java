package io.medsum.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    private static APIGatewayProxyRequestEvent from(String origin) {
        return new APIGatewayProxyRequestEvent().withHeaders(origin == null ? Map.of() : Map.of("origin", origin));
    }

    private static APIGatewayProxyResponseEvent ok() {
        return ApiResponses.json(200, Map.of("status", "ok"));
    }

    @Test
    void withNoOriginsConfiguredResponsesAreLeftAsTheyAre() {
        APIGatewayProxyResponseEvent response = ok();

        assertThat(CorsPolicy.of("")
                        .apply(from("https://portal.example"), response)
                        .getHeaders())
                .doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void anAllowedOriginIsEchoedWithTheHeadersAScriptNeeds() {
        var headers = CorsPolicy.of("https://a.example, https://portal.example")
                .apply(from("https://portal.example"), ok())
                .getHeaders();

        assertThat(headers)
                .containsEntry("Access-Control-Allow-Origin", "https://portal.example")
                .containsEntry("Vary", "Origin")
                .containsEntry("Access-Control-Expose-Headers", "Location, Retry-After, Idempotency-Replayed")
                .containsEntry("Cache-Control", "no-store");
    }

    @Test
    void anOtherOriginOrNoOriginGetsNoCorsHeaders() {
        CorsPolicy cors = CorsPolicy.of("https://portal.example");

        assertThat(cors.apply(from("https://portal.example.evil"), ok()).getHeaders())
                .doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(cors.apply(from(null), ok()).getHeaders()).doesNotContainKey("Access-Control-Allow-Origin");
    }
}
