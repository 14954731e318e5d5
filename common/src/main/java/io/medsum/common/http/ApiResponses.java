package io.medsum.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.json.Json;
import java.util.HashMap;
import java.util.Map;

/** Builds API Gateway proxy responses: JSON bodies and problem+json errors, with safe default headers. */
public final class ApiResponses {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private ApiResponses() {}

    public static APIGatewayProxyResponseEvent json(int status, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = baseHeaders(JSON);
        headers.putAll(extraHeaders);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body));
    }

    public static APIGatewayProxyResponseEvent json(int status, Object body) {
        return json(status, body, Map.of());
    }

    public static APIGatewayProxyResponseEvent problem(Problem problem) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(problem.status())
                .withHeaders(baseHeaders(PROBLEM_JSON))
                .withBody(Json.write(problem));
    }

    public static APIGatewayProxyResponseEvent problem(ProblemType type, String detail) {
        return problem(Problem.of(type, detail));
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", contentType);
        // Responses carry patient data: never let a shared cache keep them.
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return headers;
    }
}
