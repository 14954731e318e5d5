package io.medsum.local.pipeline;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.contract.OpenApiContract;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls the API through the pipeline's router and checks every answer against openapi.yaml. */
final class ApiClient {
    static final String API_KEY = "test-client-key";
    private final LocalPipeline pipeline;
    private final String apiKey;

    ApiClient(LocalPipeline pipeline) {
        this(pipeline, API_KEY);
    }

    ApiClient(LocalPipeline pipeline, String apiKey) {
        this.pipeline = pipeline;
        this.apiKey = apiKey;
    }

    ApiClient as(String otherApiKey) {
        return new ApiClient(pipeline, otherApiKey);
    }

    Response postJson(String path, Object body, Map<String, String> extraHeaders) {
        return post(path, body instanceof String s ? s : Json.write(body), "application/json", extraHeaders);
    }

    Response postJson(String path, Object body) {
        return postJson(path, body, Map.of());
    }

    Response post(String path, String body, String contentType, Map<String, String> extraHeaders) {
        Map<String, String> headers = baseHeaders();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        headers.putAll(extraHeaders);
        return call("POST", path, headers, body, false);
    }

    Response postBinary(String path, String base64Body) {
        Map<String, String> headers = baseHeaders();
        headers.put("Content-Type", "application/json");
        return call("POST", path, headers, base64Body, true);
    }

    Response get(String pathAndQuery) {
        return call("GET", pathAndQuery, baseHeaders(), null, false);
    }

    Response call(String method, String pathAndQuery, Map<String, String> headers, String body, boolean base64) {
        URI uri = URI.create("http://127.0.0.1:3000" + pathAndQuery);
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        APIGatewayProxyResponseEvent raw =
                pipeline.invoke(method, uri.getRawPath(), query, headers, body, base64, apiKey);
        Response response = new Response(
                raw.getStatusCode(), raw.getHeaders() == null ? Map.of() : raw.getHeaders(), raw.getBody());
        if (OpenApiContract.shared().matchPath(uri.getRawPath()).isPresent()
                && OpenApiContract.shared()
                                .declaredStatuses(method, pathAndQuery)
                                .size()
                        > 0) {
            OpenApiContract.shared()
                    .assertConforms(method, pathAndQuery, response.status(), response.headers(), response.body());
        }
        return response;
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", "127.0.0.1:3000");
        headers.put("X-Forwarded-Proto", "http");
        return headers;
    }

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Json.parse(body);
            } catch (Json.InvalidJsonException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }
}
