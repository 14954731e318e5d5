package io.medsum.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import java.util.Map;

/**
 * The answers the gateway gives itself, before any function runs: the problem documents of template.yaml's
 * {@code GatewayResponses} (what API Gateway answers there) and problem+json for what the HTTP layer refuses.
 */
final class GatewayAnswers {
    /** template.yaml, GatewayResponses.INVALID_API_KEY ({@code GatewayAnswersMatchTemplateTest} keeps them equal). */
    static final String INVALID_API_KEY_BODY = "{\"type\":\"urn:problem:medsum:forbidden\",\"title\":\"Forbidden\","
            + "\"status\":403,\"detail\":\"The API key is missing or invalid\"}";

    static final String HEADERS_TOO_LARGE_BODY = "{\"type\":\"urn:problem:medsum:headers-too-large\","
            + "\"title\":\"The request's headers are too large\",\"status\":431,"
            + "\"detail\":\"The request line and header values exceed 10240 bytes\"}";

    private GatewayAnswers() {}

    /** A missing, unknown or revoked key; problem+json like every other refusal, with the template's body. */
    static APIGatewayProxyResponseEvent forbidden() {
        return problem(403, INVALID_API_KEY_BODY);
    }

    static APIGatewayProxyResponseEvent headersTooLarge() {
        return problem(431, HEADERS_TOO_LARGE_BODY);
    }

    static APIGatewayProxyResponseEvent badRequest(String detail) {
        return ApiResponses.problem(ProblemType.VALIDATION, detail);
    }

    static APIGatewayProxyResponseEvent payloadTooLarge() {
        return ApiResponses.problem(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds 6 MB");
    }

    private static APIGatewayProxyResponseEvent problem(int status, String body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store"))
                .withBody(body);
    }
}
