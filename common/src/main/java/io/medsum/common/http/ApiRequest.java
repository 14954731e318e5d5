package io.medsum.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read-only view of an API Gateway proxy request: headers case-insensitively, the body decoded strictly. */
public final class ApiRequest {
    private final APIGatewayProxyRequestEvent event;
    /** Worked out once: an API key's tenant is a SHA-256, and the tenant is asked for several times a request. */
    private String tenant;

    public ApiRequest(APIGatewayProxyRequestEvent event) {
        this.event = event;
    }

    public String method() {
        return event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
    }

    /** The route template (e.g. {@code /reports/{patientId}/{reportId}}), falling back to the path. */
    public String route() {
        return event.getResource() != null ? event.getResource() : event.getPath();
    }

    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(e.getValue());
            }
        }
        return Optional.empty();
    }

    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    public Optional<String> queryParameter(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }

    /** True when the declared media type is JSON ({@code application/json} or {@code application/*+json}). */
    public boolean hasJsonBody() {
        String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].trim();
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** Size of the body in bytes as the client sent it. */
    public int bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return 0;
        }
        return Boolean.TRUE.equals(event.getIsBase64Encoded())
                ? body.length() / 4 * 3
                : body.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The body as text; binary (base64) bodies must be valid UTF-8. */
    public String body() throws CharacterCodingException {
        String body = event.getBody();
        if (body == null) {
            return "";
        }
        if (!Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            return body;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new CharacterCodingException();
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /**
     * The tenant that owns what this caller submits and may read: the IAM principal (an assumed role without its
     * session name), else the API key's fingerprint. API Gateway lets no request through without one of them; a test
     * event without either is {@link Tenants#ANONYMOUS}.
     */
    public String tenant() {
        if (tenant == null) {
            tenant = tenantOf(identity());
        }
        return tenant;
    }

    private static String tenantOf(APIGatewayProxyRequestEvent.RequestIdentity identity) {
        if (identity != null && identity.getUserArn() != null) {
            return Tenants.ofPrincipalArn(identity.getUserArn());
        }
        if (identity != null && identity.getApiKey() != null) {
            return Tenants.ofApiKey(identity.getApiKey());
        }
        return Tenants.ANONYMOUS;
    }

    /**
     * Who is acting, as it may be recorded (a reviewer, an audit entry): the IAM principal's full ARN (the session
     * names the person or job), else the API key's tenant, which names the key without disclosing it.
     */
    public String principal() {
        var identity = identity();
        if (identity != null && identity.getUserArn() != null) {
            return identity.getUserArn();
        }
        return tenant();
    }

    private APIGatewayProxyRequestEvent.RequestIdentity identity() {
        var context = event.getRequestContext();
        return context == null ? null : context.getIdentity();
    }

    /** API Gateway's id of this request, to match an audit entry with the access log. */
    public String requestId() {
        var context = event.getRequestContext();
        return context == null || context.getRequestId() == null ? "" : context.getRequestId();
    }

    /**
     * The absolute URL prefix under which this API is served, so status URLs work behind the execute-api stage path, a
     * custom domain's base path, or the local gateway. Built from the request context API Gateway fills in, never from
     * the client's Host or X-Forwarded-* headers, which would let a client point the Location it is given (and every
     * tool that follows it with credentials) anywhere.
     */
    public String baseUrl() {
        var context = event.getRequestContext();
        String domain = context != null && context.getDomainName() != null ? context.getDomainName() : "localhost";
        String prefix = "";
        if (context != null
                && context.getPath() != null
                && event.getPath() != null
                && context.getPath().endsWith(event.getPath())) {
            prefix = context.getPath()
                    .substring(0, context.getPath().length() - event.getPath().length());
        }
        return (isLoopback(domain) ? "http://" : "https://") + domain + prefix;
    }

    /** API Gateway's domains never are: only the local gateway serves plain HTTP, and only on loopback. */
    private static boolean isLoopback(String domain) {
        String host = domain.startsWith("[")
                ? domain.substring(0, domain.indexOf(']') + 1)
                : domain.replaceFirst(":\\d+$", "");
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }
}
