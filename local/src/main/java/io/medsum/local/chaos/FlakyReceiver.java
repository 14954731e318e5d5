package io.medsum.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import io.medsum.notifier.delivery.WebhookSignature;
import io.medsum.notifier.webhook.WebhookSecret;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that fails often, the way receivers do: some requests get a 500, some a 429, some
 * hang past the delivery timeout, and for a while it is down altogether. What it accepts it checks like a careful
 * receiver (the signature over the raw body with the secret it was given) and records.
 */
final class FlakyReceiver implements AutoCloseable {
    /** One accepted delivery. */
    record Delivery(String webhookId, String type, String reportId, String status, boolean signatureValid) {}

    private final HttpServer server;
    private final Random random;
    private final double failureRate;
    private final int hangMillis;
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile WebhookSecret secret;
    private volatile boolean down;

    /**
     * @param failureRate the share of requests answered 500, 429 or not at all in time
     * @param hangMillis how long a hanging answer takes (longer than the notifier's delivery timeout)
     */
    FlakyReceiver(double failureRate, int hangMillis, long seed) throws IOException {
        this.failureRate = failureRate;
        this.hangMillis = hangMillis;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "flaky-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/medsum");
    }

    /** The signing secret the registration answered with. */
    void trust(WebhookSecret signingSecret) {
        this.secret = signingSecret;
    }

    /** Down: every request is answered 503 until {@link #up()}. */
    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int fault = fault();
            if (fault != 0) {
                refused.incrementAndGet();
                if (fault < 0) {
                    sleep(hangMillis);
                    return; // the notifier gave up waiting; closing answers nothing it reads
                }
                exchange.sendResponseHeaders(fault, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = secret != null
                    && id != null
                    && timestamp != null
                    && timestamp.matches("[0-9]{1,12}")
                    && WebhookSignature.verify(secret, id, Long.parseLong(timestamp), body, signature);
            JsonNode notification = Json.MAPPER.readTree(body);
            JsonNode data = notification.path("data");
            accepted.add(new Delivery(
                    id,
                    notification.path("type").asText(),
                    data.path("reportId").asText(),
                    data.path("status").asText(),
                    valid));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** 0: accept; an HTTP status to answer; -1: hang past the timeout. */
    private synchronized int fault() {
        if (down) {
            return 503;
        }
        double draw = random.nextDouble();
        if (draw >= failureRate) {
            return 0;
        }
        double kind = draw / failureRate;
        return kind < 0.5 ? 500 : kind < 0.8 ? 429 : -1;
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
