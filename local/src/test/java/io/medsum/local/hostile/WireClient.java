package io.medsum.local.hostile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends {@link WireRequest}s to an HTTP endpoint over real sockets: with java.net.http, or byte for byte on a plain
 * socket when a request carries what java.net.http refuses to send. Timeouts here only stop a hung exchange from
 * hanging the build; nothing asserts on time.
 */
final class WireClient implements AutoCloseable {
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    WireClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** What came back: status, headers (names lower-cased) and the body's bytes. */
    record WireResponse(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Single-valued view for the contract checker. */
        Map<String, String> flatHeaders() {
            Map<String, String> flat = new LinkedHashMap<>();
            headers.forEach((name, values) -> flat.put(name, String.join(",", values)));
            return flat;
        }
    }

    WireResponse send(WireRequest request) {
        try {
            return request.transport() == WireRequest.Transport.JDK ? sendJdk(request) : sendRaw(request);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Exchange failed for " + request.method() + " " + abbreviate(request.target()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private String keyToSend(WireRequest request) {
        return switch (request.apiKey().mode()) {
            case VALID -> apiKey;
            case MISSING -> null;
            case GIVEN -> request.apiKey().value();
        };
    }

    private WireResponse sendJdk(WireRequest request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher;
        if (request.body() == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            byte[] bytes = request.body();
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            publisher = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.target()))
                .timeout(GIVE_UP)
                .method(request.method(), publisher);
        String key = keyToSend(request);
        if (key != null) {
            builder.header("x-api-key", key);
        }
        for (WireRequest.Header header : request.headers()) {
            builder.header(header.name(), header.value());
        }
        HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers()
                .map()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new WireResponse(response.statusCode(), headers, response.body());
    }

    /**
     * HTTP/1.1 by hand: request line, headers as single bytes per char, body, then read to EOF. VERBATIM requests get
     * no Content-Length or Transfer-Encoding of ours, and end with end-of-stream.
     */
    private WireResponse sendRaw(WireRequest request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 30_000);
            socket.setSoTimeout((int) GIVE_UP.toMillis());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(
                    (request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
            List<WireRequest.Header> headers = new ArrayList<>();
            headers.add(new WireRequest.Header("Host", base.getHost() + ":" + base.getPort()));
            String key = keyToSend(request);
            if (key != null) {
                headers.add(new WireRequest.Header("x-api-key", key));
            }
            headers.addAll(request.headers());
            boolean verbatim = request.transport() == WireRequest.Transport.VERBATIM;
            if (request.body() != null && !verbatim) {
                headers.add(
                        request.chunked()
                                ? new WireRequest.Header("Transfer-Encoding", "chunked")
                                : new WireRequest.Header("Content-Length", Integer.toString(request.body().length)));
            }
            headers.add(new WireRequest.Header("Connection", "close"));
            for (WireRequest.Header header : headers) {
                head.writeBytes((header.name() + ": ").getBytes(StandardCharsets.US_ASCII));
                head.writeBytes(header.value().getBytes(StandardCharsets.ISO_8859_1));
                head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (request.body() != null && verbatim) {
                out.write(request.body());
            } else if (request.body() != null) {
                if (request.chunked()) {
                    out.write(
                            (Integer.toHexString(request.body().length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(request.body());
                    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(request.body());
                }
            }
            out.flush();
            if (verbatim) {
                socket.shutdownOutput();
            }
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static WireResponse parse(byte[] raw) throws IOException {
        int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headerEnd < 0) {
            throw new IOException("No complete response head in " + raw.length + " bytes");
        }
        String[] lines = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            rest = dechunk(rest);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length").get(0));
            rest = Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new WireResponse(status, headers, rest);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked);
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    sizeLine.append((char) c);
                }
            }
            int size = Integer.parseInt(sizeLine.toString().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is closeable only from Java 21; its threads are daemons.
    }
}
