package io.medsum.notifier.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 (an ephemeral port), started and stopped by the test: it records every request and
 * answers as the test scripts it.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived; header names lower-cased. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * How to answer.
     *
     * @param delayMillis wait this long before answering
     * @param bodyBytes answer with this many bytes of body (streamed), 0 for none
     */
    public record Reply(int status, Map<String, String> headers, long delayMillis, long bodyBytes) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), 0, 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Reply> answer = request -> Reply.status(204);
    private final AtomicLong bodyBytesWritten = new AtomicLong();
    private volatile boolean bodyCompleted;

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Receiver start() throws IOException {
        return new Receiver();
    }

    public void answer(Function<Request, Reply> answer) {
        this.answer = answer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Bytes of a streamed answer body the server managed to write. */
    public long bodyBytesWritten() {
        return bodyBytesWritten.get();
    }

    /** Whether the last streamed answer body was written to its end. */
    public boolean bodyCompleted() {
        return bodyCompleted;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Request request = new Request(
                exchange.getRequestMethod(), exchange.getRequestURI().toString(), Map.copyOf(headers), body);
        synchronized (this) {
            requests.add(request);
        }
        Reply reply = answer.apply(request);
        try {
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.bodyBytes() == 0) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            bodyCompleted = false;
            exchange.sendResponseHeaders(reply.status(), reply.bodyBytes());
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = reply.bodyBytes(); left > 0; left -= chunk.length) {
                    int length = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, length);
                    bodyBytesWritten.addAndGet(length);
                }
            }
            bodyCompleted = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client hung up: what a capped read does.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
