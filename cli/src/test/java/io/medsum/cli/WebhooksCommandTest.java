package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.medsum.cli.webhooks.SignatureCheck;
import io.medsum.cli.webhooks.WebhookReceiver;
import io.medsum.common.json.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ./medsum webhooks create|list|delete|listen} against a scripted API over HTTP. */
class WebhooksCommandTest {
    private static final String ID = "wh_01HZX3K9V7Q2W8E5R4T6Y1M0PA";
    /** A secret in the registry's form: whsec_ and 32 bytes. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw5gNq2TqGHDk=";

    private static final String BODY = "{\"type\":\"report.succeeded\",\"timestamp\":\"2026-12-02T10:00:05Z\","
            + "\"data\":{\"patientId\":\"PATIENT-001\",\"reportId\":\"REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA\","
            + "\"status\":\"SUCCESS\",\"statusUrl\":\"http://127.0.0.1:3000/reports/PATIENT-001/"
            + "REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA\"}}";

    private final FakeWebhooksApi api = new FakeWebhooksApi();
    private final HttpClient http = HttpClient.newHttpClient();

    WebhooksCommandTest() throws Exception {}

    @AfterEach
    void close() {
        api.close();
    }

    private String[] against(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api-url";
        all[args.length + 1] = api.url();
        all[args.length + 2] = "--api-key";
        all[args.length + 3] = "test-key";
        return all;
    }

    private static String created(String url, String events) {
        return "{\"id\":\"" + ID + "\",\"url\":\"" + url + "\",\"events\":" + events + ",\"secret\":\"" + SECRET
                + "\",\"createdAt\":\"2026-12-02T10:00:00Z\"}";
    }

    @Test
    void createPrintsTheIdAndTheSecretOnce() throws Exception {
        api.answerCreate(201, created("https://hooks.example.org/in", "[\"report.succeeded\",\"report.failed\"]"));

        CliRun run = CliRun.of(against(
                "webhooks", "create", "https://hooks.example.org/in", "--events", "report.succeeded,report.failed"));

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("id        " + ID)
                .contains("secret    " + SECRET)
                .contains("events    report.succeeded,report.failed")
                .contains("not shown again");
        FakeWebhooksApi.Request request = api.requests().get(0);
        assertThat(request.apiKey()).isEqualTo("test-key");
        assertThat(Json.parse(request.body()))
                .isEqualTo(
                        Json.parse(
                                "{\"url\":\"https://hooks.example.org/in\",\"events\":[\"report.succeeded\",\"report.failed\"]}"));
    }

    @Test
    void aRefusedRegistrationSaysWhyAndFails() {
        api.answerCreate(
                400,
                "{\"type\":\"urn:problem:medsum:validation\",\"title\":\"The request is invalid\",\"status\":400,"
                        + "\"detail\":\"The webhook is invalid\",\"errors\":[{\"field\":\"url\",\"message\":"
                        + "\"url must be https\"}]}");

        CliRun run = CliRun.of(against("webhooks", "create", "http://hooks.example.org/in"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("secret");
        assertThat(api.requests().get(0).body()).doesNotContain("events");
    }

    @Test
    void listShowsIdsTypesAndUrlsButNoSecret() {
        api.answerList("{\"items\":[{\"id\":\"" + ID + "\",\"url\":\"https://hooks.example.org/in\","
                + "\"events\":[\"report.needs_review\"],\"createdAt\":\"2026-12-02T10:00:00Z\"}]}");

        CliRun run = CliRun.of(against("webhooks", "list"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("1 webhook(s)")
                .containsPattern(
                        ID + "\\s+2026-12-02T10:00:00Z\\s+report.needs_review\\s+https://hooks.example.org/in");
    }

    @Test
    void deleteNamesTheWebhookAndTellsAMissingOne() {
        CliRun deleted = CliRun.of(against("webhooks", "delete", ID));
        api.answerDelete(404);
        CliRun missing = CliRun.of(against("webhooks", "delete", ID));
        CliRun malformed = CliRun.of(against("webhooks", "delete", "../reports"));

        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).contains("Deleted " + ID);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(api.requests())
                .extracting(FakeWebhooksApi.Request::path)
                .containsExactly("/webhooks/" + ID, "/webhooks/" + ID);
    }

    // ------------------------------------------------------------------ listen

    private HttpResponse<Void> deliver(URI receiver, String id, long timestamp, String signature, String body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(receiver)
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void listenRegistersVerifiesEachDeliveryAndDeletesItsWebhookWhenStopped() throws Exception {
        int port = freePort();
        String receiverUrl = "http://127.0.0.1:" + port + "/";
        api.answerCreate(201, created(receiverUrl, "[\"report.succeeded\"]"));
        AtomicReference<WebhooksCommand.Listen> listen = new AtomicReference<>();
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> CliRun.of(
                cli -> listen.set((WebhooksCommand.Listen) cli.getSubcommands()
                        .get("webhooks")
                        .getSubcommands()
                        .get("listen")
                        .getCommand()),
                against("webhooks", "listen", "--port", Integer.toString(port), "--events", "report.succeeded")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> listen.get() != null && listen.get().receiver() != null);
        WebhookReceiver receiver = listen.get().receiver();
        URI url = receiver.url();
        SignatureCheck signer = SignatureCheck.forSecret(SECRET);
        long now = Instant.now().getEpochSecond();
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);

        String msg = "msg_01HZX3KB2D4F6G8H0J2K4M6N8P";
        List<Integer> answers = List.of(
                deliver(url, msg, now, signer.expectedSignature(msg, now, bytes), BODY)
                        .statusCode(),
                deliver(url, msg, now, signer.expectedSignature(msg, now, bytes), BODY)
                        .statusCode(),
                deliver(url, "msg_forged", now, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", BODY)
                        .statusCode(),
                deliver(
                                url,
                                "msg_replayed",
                                now - 600,
                                signer.expectedSignature("msg_replayed", now - 600, bytes),
                                BODY)
                        .statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries() == 4);
        listen.get().stop.countDown();
        CliRun run = running.get(30, TimeUnit.SECONDS);

        assertThat(answers).containsOnly(204);
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(url.toString()).isEqualTo(receiverUrl);
        assertThat(run.out())
                .contains("Listening on " + receiverUrl + " as webhook " + ID)
                .containsPattern("report.succeeded\\s+REPORT-01HZX3K9V7Q2W8E5R4T6Y1M0PA\\s+SUCCESS\\s+" + msg
                        + "\\s+signature ok\n")
                .containsPattern(msg + "\\s+signature ok  \\(again\\)")
                .containsPattern("msg_forged\\s+signature INVALID \\(no v1 signature matches\\)")
                .containsPattern("msg_replayed\\s+signature INVALID \\(webhook-timestamp is more than 5 minutes")
                .contains("Deleted webhook " + ID)
                .contains("4 delivery(ies), 2 with a valid signature.")
                .doesNotContain("PATIENT-001");
        assertThat(api.requests())
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /webhooks", "DELETE /webhooks/" + ID);
        assertThat(Json.parse(api.requests().get(0).body()))
                .isEqualTo(Json.parse("{\"url\":\"" + receiverUrl + "\",\"events\":[\"report.succeeded\"]}"));
    }

    @Test
    void listenStopsAtOnceWhenTheRegistrationIsRefused() {
        api.answerCreate(
                400,
                "{\"type\":\"urn:problem:medsum:validation\",\"title\":\"The request is invalid\",\"status\":400,"
                        + "\"detail\":\"The webhook is invalid\",\"errors\":[{\"field\":\"url\",\"message\":"
                        + "\"url must be https\"}]}");

        CliRun run = CliRun.of(against("webhooks", "listen"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(api.requests()).extracting(FakeWebhooksApi.Request::method).containsExactly("POST");
    }
}
