package io.medsum.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The webhook routes of the API as the CLI sees them over HTTP, answering what the test scripts: enough to run
 * {@code ./medsum webhooks ...} without a stack. Records every request (method, path, API key, body).
 */
final class FakeWebhooksApi implements AutoCloseable {
    record Request(String method, String path, String apiKey, String body) {}

    private final HttpServer http;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int createStatus = 201;
    private volatile String createBody;
    private volatile String listBody = "{\"items\":[]}";
    private volatile int deleteStatus = 204;

    FakeWebhooksApi() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/", this::handle);
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    FakeWebhooksApi answerCreate(int status, String body) {
        this.createStatus = status;
        this.createBody = body;
        return this;
    }

    FakeWebhooksApi answerList(String body) {
        this.listBody = body;
        return this;
    }

    FakeWebhooksApi answerDelete(int status) {
        this.deleteStatus = status;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("x-api-key"), body));
            if (method.equals("POST") && path.equals("/webhooks")) {
                reply(exchange, createStatus, createBody);
            } else if (method.equals("GET") && path.equals("/webhooks")) {
                reply(exchange, 200, listBody);
            } else if (method.equals("DELETE") && path.startsWith("/webhooks/")) {
                reply(exchange, deleteStatus, deleteStatus == 204 ? null : problem(deleteStatus));
            } else {
                reply(exchange, 404, problem(404));
            }
        }
    }

    private static String problem(int status) {
        return Json.write(Map.of(
                "type", "urn:problem:medsum:x", "title", "Problem " + status, "status", status, "detail", "scripted"));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
