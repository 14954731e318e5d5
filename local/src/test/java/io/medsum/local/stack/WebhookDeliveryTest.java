package io.medsum.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.LocalStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 on one machine, as a user meets it: a webhook registered through the local gateway on a loopback receiver
 * (the local stack alone allows those), a report submitted, and the signed {@code report.succeeded} arriving, through
 * the worker's publish, the local bus, its rule, the notifications queue and the notifier. The signature is checked
 * with the secret the registration showed, which the stack kept (encrypted) in its Secrets Manager stand-in.
 */
class WebhookDeliveryTest {
    private static final String TEXT = "HISTORY: Cough for a week. ASSESSMENT: Acute bronchitis. PLAN: Rest.";

    @TempDir
    Path dir;

    private record Delivery(String id, String timestamp, String signature, String body) {}

    @Test
    void aLoopbackWebhookReceivesTheSignedNotificationOfASubmittedReport() throws Exception {
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            var headers = exchange.getRequestHeaders();
            received.add(new Delivery(
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (LocalStack stack =
                LocalStack.start(new LocalStack.Config(dir, 0, false, LocalPipeline.Options.inMemory()))) {
            HttpClient http = HttpClient.newHttpClient();
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> registered = post(http, stack, "/webhooks", Map.of("url", hook));
            assertThat(registered.statusCode()).isEqualTo(201);
            String secret = Json.parse(registered.body()).get("secret").asText();
            assertThat(Files.readString(dir.resolve("data").resolve("secrets.json")))
                    .as("kept encrypted at rest")
                    .doesNotContain(secret.substring("whsec_".length()));

            HttpResponse<String> submitted = post(
                    http,
                    stack,
                    "/summarize",
                    Map.of("patientId", "P-HOOK", "text", TEXT, "sourceSystem", "MedicalRecord"));
            assertThat(submitted.statusCode()).isEqualTo(202);

            Delivery delivery = received.poll(60, TimeUnit.SECONDS);
            assertThat(delivery).as("a delivery within a minute").isNotNull();
            JsonNode body = Json.parse(delivery.body());
            assertThat(body.path("type").asText()).isEqualTo("report.succeeded");
            assertThat(body.at("/data/patientId").asText()).isEqualTo("P-HOOK");
            assertThat(body.at("/data/statusUrl").asText())
                    .startsWith(stack.info().apiUrl() + "/reports/P-HOOK/");
            assertThat(delivery.body()).doesNotContain("bronchitis");
            assertThat(delivery.signature()).isEqualTo("v1," + sign(secret, delivery));
        } finally {
            receiver.stop(0);
        }
    }

    private static HttpResponse<String> post(HttpClient http, LocalStack stack, String path, Object body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.info().apiUrl() + path))
                        .header("x-api-key", stack.info().apiKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Standard Webhooks: base64(HMAC-SHA256(the secret's bytes after "whsec_", "id.timestamp.body")). */
    private static String sign(String secret, Delivery delivery) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder()
                .encodeToString(mac.doFinal((delivery.id() + "." + delivery.timestamp() + "." + delivery.body())
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
