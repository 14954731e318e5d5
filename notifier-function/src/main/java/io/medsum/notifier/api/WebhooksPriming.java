package io.medsum.notifier.api;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.notify.NotificationType;
import io.medsum.common.priming.Priming;
import io.medsum.common.priming.SampleRequests;
import io.medsum.notifier.webhook.Webhook;
import io.medsum.notifier.webhook.WebhookSecret;
import io.medsum.notifier.webhook.WebhookSecrets;
import io.medsum.notifier.webhook.WebhookStore;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * What the webhooks function warms before its SnapStart snapshot (see {@link Priming} for the rules): the refusals of
 * each route, a webhook's rendering, and the DynamoDB and Secrets Manager calls in a dry run. It draws no webhook id
 * and no secret: the samples are fixed, and no caller's tenant is {@link SampleRequests#TENANT}.
 */
public final class WebhooksPriming {
    /** A well-formed id no webhook has: a ULID of time zero and no randomness. */
    static final String ABSENT_WEBHOOK = WebhookIds.PREFIX + "00000000000000000000000000";

    private static final Webhook SAMPLE = new Webhook(
            ABSENT_WEBHOOK,
            SampleRequests.TENANT,
            URI.create("https://hooks.example.org/medsum"),
            Set.of(NotificationType.SUCCEEDED),
            1_700_000_000L);
    private static final WebhookSecret SAMPLE_SECRET = WebhookSecret.parse(
                    "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .orElseThrow();

    private final WebhooksApi api;
    private final WebhookStore store;
    private final WebhookSecrets secrets;
    private final AwsClientFactory clients;

    public WebhooksPriming(WebhooksApi api, WebhookStore store, WebhookSecrets secrets, AwsClientFactory clients) {
        this.api = api;
        this.store = store;
        this.secrets = secrets;
        this.clients = clients;
    }

    public Priming run() {
        return new Priming("webhooks")
                .step(
                        "POST /webhooks with a refused URL",
                        () -> expect(
                                400,
                                send(
                                        "POST",
                                        WebhooksApi.COLLECTION,
                                        "/webhooks",
                                        Map.of(),
                                        "{\"url\":\"http://hooks.example.org/\",\"events\":[\"report.succeeded\"]}")))
                .step(
                        "DELETE a webhook with an invalid id",
                        () -> expect(
                                400,
                                send("DELETE", WebhooksApi.ITEM, "/webhooks/nope", Map.of("webhookId", "nope"), null)))
                .step("render a registered webhook", () -> WebhookViews.created(SAMPLE, SAMPLE_SECRET))
                .step(
                        "GET /webhooks: DynamoDB Query (dry run)",
                        () -> clients.dryRun(() -> send("GET", WebhooksApi.COLLECTION, "/webhooks", Map.of(), null)))
                .step(
                        "DELETE /webhooks/{webhookId}: DynamoDB GetItem (dry run)",
                        () -> clients.dryRun(() -> send(
                                "DELETE",
                                WebhooksApi.ITEM,
                                "/webhooks/" + ABSENT_WEBHOOK,
                                Map.of("webhookId", ABSENT_WEBHOOK),
                                null)))
                .step("DynamoDB PutItem (dry run)", () -> clients.dryRun(() -> store.save(SAMPLE)))
                .step(
                        "Secrets Manager CreateSecret (dry run)",
                        () -> clients.dryRun(() -> secrets.create(SAMPLE, SAMPLE_SECRET)))
                .done();
    }

    private int send(String method, String resource, String path, Map<String, String> parameters, String body) {
        return api.handle(SampleRequests.apiRequest(method, resource, path, parameters, body))
                .getStatusCode();
    }

    private static void expect(int expected, int status) {
        if (status != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + status);
        }
    }
}
