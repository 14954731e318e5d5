package io.medsum.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.validation.SubmissionLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway: an HTTP server on 127.0.0.1 that checks {@code x-api-key}, enforces the 6 MB payload limit,
 * and hands each request to the function the template routes it to as a REST proxy event. Bodies that are not valid
 * UTF-8 are passed base64-encoded, as API Gateway does for binary.
 */
public final class HttpGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
    /** How much of a refused body is read away before answering; beyond it the connection is just closed. */
    private static final long DISCARD_LIMIT_BYTES = 64L * 1024 * 1024;

    /** What the gateway forwards to: the local pipeline's router. */
    @FunctionalInterface
    public interface Router {
        APIGatewayProxyResponseEvent invoke(
                String method,
                String path,
                Map<String, String> query,
                Map<String, String> headers,
                String body,
                boolean base64,
                String apiKey);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final byte[] apiKey;

    private HttpGateway(HttpServer server, ExecutorService executor, Router router, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Binds 127.0.0.1 only: the stack holds patient data and is never exposed beyond this machine. */
    public static HttpGateway start(int port, String apiKey, Router router) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
            Thread thread = new Thread(runnable, "gateway");
            thread.setDaemon(true);
            return thread;
        });
        HttpGateway gateway = new HttpGateway(server, executor, router, apiKey);
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            APIGatewayProxyResponseEvent response;
            try {
                response = route(exchange);
            } catch (RuntimeException e) {
                LOG.error("Gateway error: {}", SafeErrors.describe(e));
                response =
                        ApiResponses.problem(ProblemType.INTERNAL, "The local gateway failed to invoke the function");
            }
            send(exchange, response);
        }
    }

    private APIGatewayProxyResponseEvent route(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        if (key == null || !MessageDigest.isEqual(apiKey, key.getBytes(StandardCharsets.UTF_8))) {
            discardBody(exchange.getRequestBody());
            // API Gateway's own answer to a missing or wrong key.
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(403)
                    .withHeaders(Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "ForbiddenException"))
                    .withBody("{\"message\":\"Forbidden\"}");
        }
        byte[] body;
        try {
            body = readLimited(exchange.getRequestBody(), SubmissionLimits.MAX_BODY_BYTES);
        } catch (IOException e) {
            // A body that ends before its Content-Length or breaks its chunked coding: answer 400, as API
            // Gateway does, instead of dropping the connection without any answer.
            return ApiResponses.problem(
                    ProblemType.VALIDATION,
                    "The request body could not be read: it ended early or its framing is malformed");
        }
        if (body == null) {
            discardBody(exchange.getRequestBody());
            return ApiResponses.problem(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds 6 MB");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        // API Gateway's domain is the one it serves, whatever Host a client sends: here, this gateway's own address.
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Host"));
        headers.put("Host", url().getAuthority());
        headers.put("X-Forwarded-Proto", "http");
        URI uri = exchange.getRequestURI();
        String text = utf8OrNull(body);
        return router.invoke(
                exchange.getRequestMethod(),
                uri.getRawPath(),
                query(uri.getRawQuery()),
                headers,
                body.length == 0
                        ? null
                        : text != null ? text : Base64.getEncoder().encodeToString(body),
                body.length > 0 && text == null,
                key);
    }

    private static byte[] readLimited(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    /**
     * Reads away what the client is still sending (up to a bound) before an early answer: closing the connection with
     * request bytes unread makes TCP reset it, and the client sees the reset instead of the 403 or 413.
     */
    private static void discardBody(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        long left = DISCARD_LIMIT_BYTES;
        try {
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // The client went away or broke the framing: nothing left to protect.
        }
    }

    private static String utf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static void send(HttpExchange exchange, APIGatewayProxyResponseEvent response) throws IOException {
        byte[] bytes =
                response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        if (response.getHeaders() != null) {
            response.getHeaders()
                    .forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
        }
        exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Stops accepting, then gives requests in progress a moment to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
