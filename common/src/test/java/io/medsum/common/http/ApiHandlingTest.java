package io.medsum.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.medsum.common.observability.LogFields;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one policy of every API handler: correlation id, and a problem that says nothing of the input. */
class ApiHandlingTest {
    private static final String CANARY = "PATIENT-CANARY-7f3a";
    private final APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
            .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("req-123"));
    private final CorsPolicy noCors = CorsPolicy.of("");

    @Test
    void aFailedAwsDependencyIs503AndTheMessageStaysOut() {
        var response = ApiHandling.respond(event, noCors, e -> {
            throw SdkClientException.create("connection refused for " + CANARY);
        });

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).contains(ProblemType.UNAVAILABLE.uri()).doesNotContain(CANARY);
    }

    @Test
    void anyOtherUnexpectedErrorIs500AndTheMessageStaysOut() {
        var response = ApiHandling.respond(event, noCors, e -> {
            throw new IllegalStateException("bug near " + CANARY);
        });

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).contains(ProblemType.INTERNAL.uri()).doesNotContain(CANARY);
    }

    @Test
    void logLinesDuringTheCallCarryTheRequestIdAsCorrelationId() {
        String[] seen = new String[1];
        ApiHandling.respond(event, noCors, e -> {
            seen[0] = MDC.get(LogFields.CORRELATION_ID);
            return ApiResponses.json(200, Map.of("status", "ok"));
        });

        assertThat(seen[0]).isEqualTo("req-123");
        assertThat(MDC.get(LogFields.CORRELATION_ID))
                .as("removed after the call")
                .isNull();
    }
}
