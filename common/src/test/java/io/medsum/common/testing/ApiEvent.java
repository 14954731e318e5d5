package io.medsum.common.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.medsum.common.http.Tenants;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway proxy events as the REST API sends them to a function: the route template as {@code resource}, the path
 * with its parameters filled in, the stage in the request context and the caller's API key.
 * {@code ApiEvent.post("/summarize").json(body).header("Idempotency-Key", "k").build()}.
 */
public final class ApiEvent {
    public static final String DOMAIN = "abc123.execute-api.us-east-1.amazonaws.com";
    public static final String STAGE = "v1";
    /** The API key requests carry unless told otherwise, and the tenant it stands for. */
    public static final String API_KEY = "test-api-key";

    public static final String TENANT = Tenants.ofApiKey(API_KEY);

    private final String method;
    private final String resource;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private String apiKey = API_KEY;

    private ApiEvent(String method, String resource) {
        this.method = method;
        this.resource = resource;
        headers.put("Host", DOMAIN);
    }

    public static ApiEvent post(String resource) {
        return new ApiEvent("POST", resource);
    }

    public static ApiEvent get(String resource) {
        return new ApiEvent("GET", resource);
    }

    public static ApiEvent request(String method, String resource) {
        return new ApiEvent(method, resource);
    }

    /** A JSON body, sent as {@code Content-Type: application/json}. */
    public ApiEvent json(String json) {
        return body(json, "application/json");
    }

    public ApiEvent body(String text, String contentType) {
        this.body = text;
        this.base64 = false;
        headers.put("Content-Type", contentType);
        return this;
    }

    /** A binary body, base64-encoded as API Gateway passes it on. */
    public ApiEvent bytes(byte[] bytes, String contentType) {
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        headers.put("Content-Type", contentType);
        return this;
    }

    public ApiEvent header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Fills {@code {name}} in the route. */
    public ApiEvent pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public ApiEvent query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** The API key the request came with: idempotency keys are scoped by it. */
    public ApiEvent apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    public APIGatewayProxyRequestEvent build() {
        String path = resource;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("203.0.113.7")
                .withApiKey(apiKey);
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("req-" + Integer.toHexString(System.identityHashCode(this)))
                .withDomainName(DOMAIN)
                .withStage(STAGE)
                .withPath("/" + STAGE + path)
                .withResourcePath(resource)
                .withHttpMethod(method)
                .withIdentity(identity);
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withResource(resource)
                .withPath(path)
                .withHeaders(new LinkedHashMap<>(headers))
                .withPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
                .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(context);
    }

    /** UTF-8 bytes of a string, for {@link #bytes}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
