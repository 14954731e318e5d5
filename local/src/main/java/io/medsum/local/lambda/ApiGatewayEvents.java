package io.medsum.local.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.medsum.local.infra.ApiRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an HTTP request into the API Gateway REST proxy event the functions receive in AWS: the route template as
 * {@code resource}, path parameters, headers, the caller's identity and the request context.
 */
public final class ApiGatewayEvents {
    private final List<ApiRoute> routes;

    public ApiGatewayEvents(List<ApiRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The route a path matches (any method), with its path parameters. */
    public Optional<Match> match(String method, String path) {
        Match pathOnly = null;
        for (ApiRoute route : routes) {
            Map<String, String> params = parameters(route.path(), path);
            if (params != null) {
                Match match = new Match(route, params);
                if (route.method().equalsIgnoreCase(method)) {
                    return Optional.of(match);
                }
                pathOnly = pathOnly == null ? match : pathOnly;
            }
        }
        return Optional.ofNullable(pathOnly);
    }

    /** The methods some route accepts on this path, for a 405's {@code Allow}; empty when no route has the path. */
    public List<String> allowedMethods(String path) {
        return routes.stream()
                .filter(route -> parameters(route.path(), path) != null)
                .map(route -> route.method().toUpperCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList();
    }

    public APIGatewayProxyRequestEvent event(
            Match match,
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body,
            boolean base64,
            String apiKey) {
        var identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp("127.0.0.1")
                .withApiKey(apiKey);
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withResourcePath(match.route().path())
                .withHttpMethod(method)
                .withPath(path)
                .withStage("local")
                .withDomainName(headers.getOrDefault("Host", "127.0.0.1"))
                .withProtocol("HTTP/1.1")
                .withRequestTimeEpoch(System.currentTimeMillis())
                .withIdentity(identity);
        return new APIGatewayProxyRequestEvent()
                .withResource(match.route().path())
                .withPath(path)
                .withHttpMethod(method)
                .withHeaders(new HashMap<>(headers))
                .withQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query))
                .withPathParameters(match.pathParameters().isEmpty() ? null : new HashMap<>(match.pathParameters()))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(context);
    }

    /** Template {@code /reports/{patientId}/{reportId}} against a concrete path; null when it does not match. */
    static Map<String, String> parameters(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) {
                    return null;
                }
                params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }

    public record Match(ApiRoute route, Map<String, String> pathParameters) {
        public Match {
            pathParameters = Map.copyOf(pathParameters);
        }
    }
}
