package io.medsum.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.medsum.common.http.ApiResponses;
import io.medsum.common.http.ProblemType;
import io.medsum.common.observability.SafeErrors;
import io.medsum.common.validation.SubmissionLimits;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API Gateway: an HTTP/1.1 server on 127.0.0.1 that checks {@code x-api-key} against the stack's
 * {@link ClientKeys}, enforces API Gateway's limits (10240 bytes of request line and header values, a 6 MB payload),
 * and hands each request to the function the template routes it to as a REST proxy event. Bodies that are not valid
 * UTF-8 are passed base64-encoded, as API Gateway does for binary.
 *
 * <p>The HTTP layer is our own rather than the JDK's {@code HttpServer}: that one answers a bad request line, an
 * undecodable path or {@code //summarize} with an HTML page before any handler runs, and resets the connection on
 * oversized headers. Here every answer is problem+json.
 */
public final class HttpGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
    /** How much of a refused request is read away after answering; beyond it the connection is just closed. */
    private static final long DISCARD_LIMIT_BYTES = 64L * 1024 * 1024;

    private static final int IDLE_TIMEOUT_MS = 30_000;
    private static final int LINGER_TIMEOUT_MS = 2_000;

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

    private final ServerSocket server;
    private final ExecutorService executor;
    private final Router router;
    private final ClientKeys keys;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private HttpGateway(ServerSocket server, Router router, ClientKeys keys) {
        this.server = server;
        this.router = router;
        this.keys = keys;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gateway");
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, "gateway-accept");
        acceptor.setDaemon(true);
    }

    /** Binds 127.0.0.1 only: the stack holds patient data and is never exposed beyond this machine. */
    public static HttpGateway start(int port, ClientKeys keys, Router router) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        HttpGateway gateway = new HttpGateway(server, router, keys);
        gateway.acceptor.start();
        return gateway;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket socket = server.accept();
                Connection connection = new Connection(socket);
                connections.add(connection);
                executor.execute(() -> {
                    try {
                        serve(connection);
                    } finally {
                        connections.remove(connection);
                        connection.close();
                    }
                });
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("Gateway accept failed: {}", SafeErrors.describe(e));
                }
            }
        }
    }

    /** Requests on one connection, one after another, until either side closes it. */
    private void serve(Connection connection) {
        try {
            Socket socket = connection.socket;
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            boolean open = true;
            while (open && !closing) {
                RequestHead head;
                try {
                    head = HeadReader.read(in);
                } catch (HttpRefusal refusal) {
                    refuse(connection, in, out, refusal.answer(), false);
                    return;
                }
                if (head == null || !connection.begin()) {
                    return;
                }
                try {
                    open = exchange(connection, head, in, out);
                } finally {
                    connection.end();
                }
            }
        } catch (IOException e) {
            // The client went away, timed out while idle, or broke the connection: nothing left to answer.
        }
    }

    /** One request and its answer; false when the connection must close afterwards. */
    private boolean exchange(Connection connection, RequestHead head, InputStream in, OutputStream out)
            throws IOException {
        boolean headRequest = head.method().equals("HEAD");
        Optional<ClientKey> key = keys.match(head.first("x-api-key"));
        if (key.isEmpty()) {
            refuse(connection, in, out, GatewayAnswers.forbidden(), headRequest);
            return false;
        }
        BodyReader framing;
        Target target;
        try {
            framing = BodyReader.framing(head);
            target = Target.parse(head.target());
        } catch (HttpRefusal refusal) {
            refuse(connection, in, out, refusal.answer(), headRequest);
            return false;
        }
        if (framing.declaredOver(SubmissionLimits.MAX_BODY_BYTES)) {
            refuse(connection, in, out, GatewayAnswers.payloadTooLarge(), headRequest);
            return false;
        }
        String expect = head.first("Expect");
        if (framing.hasBody() && expect != null && expect.equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body;
        try {
            body = framing.read(in, SubmissionLimits.MAX_BODY_BYTES);
        } catch (HttpRefusal refusal) {
            refuse(connection, in, out, refusal.answer(), headRequest);
            return false;
        }
        if (body == null) {
            refuse(connection, in, out, GatewayAnswers.payloadTooLarge(), headRequest);
            return false;
        }
        APIGatewayProxyResponseEvent response;
        try {
            response = route(head, target, body, key.get());
        } catch (RuntimeException e) {
            LOG.error("Gateway error: {}", SafeErrors.describe(e));
            response = ApiResponses.problem(ProblemType.INTERNAL, "The local gateway failed to invoke the function");
        }
        boolean keepAlive = head.keepAlive() && !closing;
        write(out, response, keepAlive, headRequest);
        return keepAlive;
    }

    private APIGatewayProxyResponseEvent route(RequestHead head, Target target, byte[] body, ClientKey key) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (RequestHead.Header header : head.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            String name = names.computeIfAbsent(lower, l -> header.name());
            headers.merge(name, header.value(), (a, b) -> a + "," + b);
        }
        // API Gateway's domain is the one it serves, whatever Host a client sends: here, this gateway's own address.
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Host"));
        headers.put("Host", url().getAuthority());
        headers.put("X-Forwarded-Proto", "http");
        String text = utf8OrNull(body);
        return router.invoke(
                head.method(),
                target.path(),
                target.query(),
                headers,
                body.length == 0
                        ? null
                        : text != null ? text : Base64.getEncoder().encodeToString(body),
                body.length > 0 && text == null,
                key.key());
    }

    /**
     * Answers a request that will not be served, then closes the connection the way that lets the client read the
     * answer: output first, then what the client is still sending is read away (up to a bound). Closing with request
     * bytes unread would make TCP reset the connection, and the client would see the reset instead of the 4xx.
     */
    private static void refuse(
            Connection connection, InputStream in, OutputStream out, APIGatewayProxyResponseEvent answer, boolean head)
            throws IOException {
        write(out, answer, false, head);
        Socket socket = connection.socket;
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(LINGER_TIMEOUT_MS);
            byte[] buffer = new byte[64 * 1024];
            long left = DISCARD_LIMIT_BYTES;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // The client went away or stopped sending: nothing left to protect.
        }
    }

    private static void write(
            OutputStream out, APIGatewayProxyResponseEvent response, boolean keepAlive, boolean headRequest)
            throws IOException {
        byte[] body =
                response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode();
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(ReasonPhrases.of(status))
                .append("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        if (response.getMultiValueHeaders() != null) {
            headers.putAll(response.getMultiValueHeaders());
        }
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Transfer-Encoding")) {
                for (String value : values) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (!headRequest) {
            out.write(body);
        }
        out.flush();
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

    /** Stops accepting, closes idle connections, then gives requests in progress a moment to finish. */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Could not close the gateway socket: {}", SafeErrors.describe(e));
        }
        connections.forEach(Connection::closeIfIdle);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                connections.forEach(Connection::close);
            }
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client connection; idle between requests, busy while one is served. */
    private static final class Connection {
        private final Socket socket;
        private boolean busy;
        private boolean closed;

        Connection(Socket socket) {
            this.socket = socket;
        }

        synchronized boolean begin() {
            busy = !closed;
            return busy;
        }

        synchronized void end() {
            busy = false;
        }

        synchronized void closeIfIdle() {
            if (!busy) {
                close();
            }
        }

        synchronized void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // Closing is all that was asked.
            }
        }
    }

    /** The request target, split and checked: origin form, valid percent-encoding. */
    record Target(String path, Map<String, String> query) {
        static Target parse(String target) throws HttpRefusal {
            if (!target.startsWith("/")) {
                throw new HttpRefusal(GatewayAnswers.badRequest("The request target must be a path"));
            }
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c <= 0x20 || c >= 0x7f) {
                    throw new HttpRefusal(GatewayAnswers.badRequest(
                            "The request target holds characters that" + " must be percent-encoded"));
                }
                if (c == '%'
                        && (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2)))) {
                    throw new HttpRefusal(
                            GatewayAnswers.badRequest("The request target is not validly percent-encoded"));
                }
            }
            int fragment = target.indexOf('#');
            String withoutFragment = fragment >= 0 ? target.substring(0, fragment) : target;
            int question = withoutFragment.indexOf('?');
            String path = question >= 0 ? withoutFragment.substring(0, question) : withoutFragment;
            String rawQuery = question >= 0 ? withoutFragment.substring(question + 1) : null;
            return new Target(path, query(rawQuery));
        }

        private static boolean hex(char c) {
            return Character.digit(c, 16) >= 0;
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
    }
}
