package io.medsum.local.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The AWS services the local stack stands in for that speak the AWS JSON 1.1 protocol (a POST to {@code /} naming the
 * operation in {@code X-Amz-Target}): CloudWatch Logs for the audit trail and the events log, Secrets Manager for the
 * cursor key and the webhooks' signing secrets, and EventBridge for the notification bus. The functions and the CLI
 * reach it through the real SDK clients, by endpoint override, on 127.0.0.1 only.
 */
public final class AwsJsonServer implements AutoCloseable {
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer http;
    private final ExecutorService executor;
    private final LogGroups logs;
    private final Secrets secrets;
    private final EventBuses events;

    private AwsJsonServer(HttpServer http, ExecutorService executor, LogGroups logs, Secrets secrets) {
        this.http = http;
        this.executor = executor;
        this.logs = logs;
        this.secrets = secrets;
        this.events = new EventBuses(logs);
    }

    /**
     * @param dataDirectory where log events and secrets are kept across restarts (files 0600), or null for memory only
     */
    public static AwsJsonServer start(Path dataDirectory) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "aws-json");
            thread.setDaemon(true);
            return thread;
        });
        AwsJsonServer server = new AwsJsonServer(
                http,
                executor,
                new LogGroups(dataDirectory == null ? null : dataDirectory.resolve("logs")),
                new Secrets(dataDirectory == null ? null : dataDirectory.resolve("secrets.json")));
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public LogGroups logs() {
        return logs;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** EventBridge: the notification bus, its rules, and the outage switch of PutEvents. */
    public EventBuses events() {
        return events;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null) {
                reply(exchange, 400, error("UnknownOperationException", "POST an X-Amz-Target operation"));
                return;
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    reply(exchange, 400, error("InvalidParameterException", "The request is too large"));
                    return;
                }
                request = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (Json.InvalidJsonException e) {
                reply(exchange, 400, error("SerializationException", "The body is not JSON"));
                return;
            }
            try {
                reply(exchange, 200, dispatch(target, request));
            } catch (ServiceException e) {
                reply(exchange, e.status(), error(e.code(), e.getMessage()));
            }
        }
    }

    private JsonNode dispatch(String target, JsonNode request) {
        int dot = target.indexOf('.');
        String service = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        return switch (service) {
            case "Logs_20140328" -> logs.handle(operation, request);
            case "secretsmanager" -> secrets.handle(operation, request);
            case "AWSEvents" -> events.handle(operation, request);
            default -> throw new ServiceException("UnknownOperationException", "Unknown service " + service);
        };
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode node = Json.object();
        node.put("__type", code);
        node.put("message", message);
        return node;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /**
     * An error as the service names it ({@code __type}), which the SDK maps to its exception class; a client error
     * (400) unless said otherwise. A 5xx is one the SDK retries.
     */
    static final class ServiceException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        ServiceException(String code, String message) {
            this(400, code, message);
        }

        ServiceException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }
}
