package io.medsum.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS for browser clients on the origins the deployment allows (template parameter CorsAllowedOrigins). API Gateway
 * answers the preflight; with a Lambda proxy integration the actual response's CORS headers must come from the
 * function, so the handlers pass their responses through here. An origin is echoed only on an exact match; with no
 * origins configured (the default) responses are left untouched.
 */
public final class CorsPolicy {
    /** Headers a browser script may read: where to poll, when, and whether a retry was replayed. */
    static final String EXPOSED_HEADERS = "Location, Retry-After, Idempotency-Replayed";

    private final Set<String> allowedOrigins;

    private CorsPolicy(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** From a comma-separated list such as {@code https://a.example,https://b.example}; blank means none. */
    public static CorsPolicy of(String commaSeparatedOrigins) {
        return new CorsPolicy(Arrays.stream(commaSeparatedOrigins.split(","))
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    public APIGatewayProxyResponseEvent apply(
            APIGatewayProxyRequestEvent request, APIGatewayProxyResponseEvent response) {
        if (allowedOrigins.isEmpty() || response == null) {
            return response;
        }
        return new ApiRequest(request)
                .header("Origin")
                .filter(allowedOrigins::contains)
                .map(origin -> {
                    Map<String, String> headers =
                            new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
                    headers.put("Access-Control-Allow-Origin", origin);
                    headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
                    headers.put("Vary", "Origin");
                    return response.withHeaders(headers);
                })
                .orElse(response);
    }
}
