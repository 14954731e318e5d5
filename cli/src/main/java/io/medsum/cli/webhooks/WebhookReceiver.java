package io.medsum.cli.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 for {@code ./medsum webhooks listen}: prints one line per delivery (when, type,
 * report, status, notification id, and whether the signature checks out) and answers 204, so the notifier counts it
 * delivered. A repeated {@code webhook-id} is marked: receivers are told each notification at least once, not exactly
 * once. Report text never travels in a notification, and the line leaves out the patient id (the body, printed on
 * request, has it).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Notifications are a few hundred bytes; anything near this is not one. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final HttpServer http;
    private final ExecutorService executor;
    private final PrintStream out;
    private final Clock clock;
    private final boolean printBodies;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger authentic = new AtomicInteger();
    private volatile SignatureCheck check;

    private WebhookReceiver(
            HttpServer http, ExecutorService executor, PrintStream out, Clock clock, boolean printBodies) {
        this.http = http;
        this.executor = executor;
        this.out = out;
        this.clock = clock;
        this.printBodies = printBodies;
    }

    /**
     * Listens on 127.0.0.1.
     *
     * @param port 0 for one the system picks
     * @param printBodies also print each body as received (it names the patient)
     */
    public static WebhookReceiver start(int port, PrintStream out, Clock clock, boolean printBodies)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port), 16);
        // One thread: deliveries print whole lines, in the order they are taken.
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        WebhookReceiver receiver = new WebhookReceiver(http, executor, out, clock, printBodies);
        http.createContext("/", receiver::handle);
        http.setExecutor(executor);
        http.start();
        return receiver;
    }

    /** The URL to register: {@code http://127.0.0.1:<port>/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /** From now on, deliveries are checked with this webhook's secret. */
    public void verifyWith(SignatureCheck check) {
        this.check = check;
    }

    /** Deliveries received so far, and how many of them were authentic. */
    public int deliveries() {
        return deliveries.get();
    }

    public int authentic() {
        return authentic.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                out.println(now() + "  refused a delivery of more than " + MAX_BODY_BYTES + " bytes");
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst("webhook-id");
            SignatureCheck current = check;
            SignatureCheck.Verdict verdict = current == null
                    ? new SignatureCheck.Verdict(false, "no secret yet")
                    : current.verify(
                            id,
                            headers.getFirst("webhook-timestamp"),
                            headers.getFirst("webhook-signature"),
                            body,
                            clock.instant());
            deliveries.incrementAndGet();
            if (verdict.valid()) {
                authentic.incrementAndGet();
            }
            boolean again = id != null && !seen.add(id);
            out.println(line(body, id, verdict, again));
            if (printBodies) {
                out.println("  " + new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private String line(byte[] body, String id, SignatureCheck.Verdict verdict, boolean again) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        JsonNode data = json == null ? null : json.path("data");
        String status = data == null ? "-" : data.path("status").asText("-");
        if (data != null && data.hasNonNull("failureCode")) {
            status += " " + data.get("failureCode").asText();
        }
        return String.format(
                "%s  %-20s %-34s %-32s %-30s %s%s",
                now(),
                json == null ? "(not JSON)" : json.path("type").asText("-"),
                data == null ? "-" : data.path("reportId").asText("-"),
                status,
                id == null ? "-" : id,
                verdict,
                again ? "  (again)" : "");
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
