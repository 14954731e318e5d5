package io.medsum.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's HTTP layer and key checks, in front of a router that records what reaches it. */
class HttpGatewayTest {
    @TempDir
    Path state;

    private final List<String> routed = new CopyOnWriteArrayList<>();
    private ClientKeys keys;
    private HttpGateway gateway;
    private String defaultKey;

    @BeforeEach
    void start() throws IOException {
        keys = ClientKeys.in(state);
        defaultKey = keys.initialise(null).orElseThrow().key();
        gateway = HttpGateway.start(0, keys, (method, path, query, headers, body, base64, apiKey) -> {
            routed.add(method + " " + path + " " + query + " key=" + apiKey);
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody("{}");
        });
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void passesTheMatchingKeysValueAsTheCallersApiKey() throws IOException {
        assertThat(send("GET /health HTTP/1.1\r\nx-api-key: " + defaultKey + "\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThat(routed).containsExactly("GET /health {} key=" + defaultKey);
    }

    @Test
    void aKeyCreatedOrRevokedByAnotherProcessCountsFromTheNextRequest() throws IOException {
        ClientKeys otherProcess = ClientKeys.in(state);
        String created = otherProcess.create("clinic-a", false).key();
        assertThat(send(get(created))).startsWith("HTTP/1.1 200");

        otherProcess.revoke("clinic-a");
        String refused = send(get(created));
        assertThat(refused)
                .startsWith("HTTP/1.1 403")
                .contains("Content-Type: application/problem+json")
                .contains(GatewayAnswers.INVALID_API_KEY_BODY);
        assertThat(send(get(defaultKey))).startsWith("HTTP/1.1 200");
    }

    @Test
    void missingOrUnknownKeysAreRefusedBeforeRouting() throws IOException {
        assertThat(send("GET /health HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(send(get("x".repeat(43)))).startsWith("HTTP/1.1 403");
        assertThat(routed).isEmpty();
    }

    @Test
    void undecodablePercentEncodingIsAProblem400() throws IOException {
        String answer = send(get(defaultKey).replace("/health", "/reports/p%zz/x"));
        assertThat(answer)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .contains("\"status\":400");
        assertThat(routed).isEmpty();
    }

    @Test
    void aDoubleSlashPathReachesTheRouterAsItIs() throws IOException {
        send(get(defaultKey).replace("/health", "//summarize"));
        assertThat(routed).singleElement().asString().startsWith("GET //summarize ");
    }

    @Test
    void headersOverApiGatewaysLimitAre431NotAReset() throws IOException {
        String answer = send(
                "GET /health HTTP/1.1\r\nx-api-key: " + defaultKey + "\r\nX-Pad: " + "p".repeat(10_240) + "\r\n\r\n");
        assertThat(answer)
                .startsWith("HTTP/1.1 431")
                .contains("application/problem+json")
                .contains("\"status\":431");
        // Just under the limit still passes.
        int room = HeadReader.MAX_LINE_AND_VALUES_BYTES - "GET /health HTTP/1.1".length() - defaultKey.length();
        assertThat(send("GET /health HTTP/1.1\r\nx-api-key: " + defaultKey + "\r\nX-Pad: " + "p".repeat(room)
                        + "\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void keepsTheConnectionForTheNextRequest() throws IOException {
        String two = send(get(defaultKey).replace("\r\n\r\n", "\r\n\r\n") + get(defaultKey));
        assertThat(two.split("HTTP/1.1 200", -1)).hasSize(3);
        assertThat(routed).hasSize(2);
    }

    @Test
    void chunkedBodiesAreDecoded() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        gateway.close();
        gateway = HttpGateway.start(0, keys, (method, path, query, headers, body, base64, apiKey) -> {
            bodies.add(body);
            return new APIGatewayProxyResponseEvent().withStatusCode(202).withBody("");
        });
        String answer = send("POST /summarize HTTP/1.1\r\nx-api-key: " + defaultKey
                + "\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 202");
        assertThat(bodies).containsExactly("{\"a\":1}");
    }

    private static String get(String key) {
        return "GET /health HTTP/1.1\r\nHost: x\r\nx-api-key: " + key + "\r\n\r\n";
    }

    /** Writes the bytes, half-closes, and reads everything the gateway answers until it closes or goes idle. */
    private String send(String request) throws IOException {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), gateway.url().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
