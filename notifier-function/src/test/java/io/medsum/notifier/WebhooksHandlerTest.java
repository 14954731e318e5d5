package io.medsum.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.common.config.Settings;
import io.medsum.common.priming.Priming;
import io.medsum.common.testing.ApiEvent;
import io.medsum.common.testing.CountingEndpoint;
import io.medsum.notifier.api.WebhooksApi;
import io.medsum.notifier.api.WebhooksPriming;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhooks function as Lambda builds it: wiring from the environment, CORS, and SnapStart priming. */
class WebhooksHandlerTest {
    private final CountingEndpoint aws = new CountingEndpoint();
    private final Map<String, String> env = new HashMap<>(Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_ENDPOINT_URL", aws.url(),
            "WEBHOOKS_TABLE_NAME", "Webhooks",
            "WEBHOOK_SECRET_PREFIX", "medsum/test/webhooks",
            "WEBHOOK_SECRET_KEY_ID", "arn:aws:kms:eu-west-1:000000000000:key/test",
            "WEBHOOK_ALLOWED_HOSTS", "*.example.org",
            "AUDIT_LOG_GROUP", "medsum-audit",
            "CORS_ALLOWED_ORIGINS", "https://portal.example.org"));

    WebhooksHandlerTest() throws Exception {}

    @AfterEach
    void close() throws Exception {
        aws.close();
    }

    @Test
    void primingRunsEveryStepWithoutSendingAnything() {
        WebhooksWiring wiring = new WebhooksWiring(new Settings(env));

        Priming priming = new WebhooksPriming(wiring.api, wiring.store, wiring.secrets, wiring.clients).run();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(7);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void theHandlerPrimesWhenSnapStartAsksBeforeTheSnapshot() {
        new WebhooksHandler(new Settings(env)).beforeCheckpoint(null);

        assertThat(aws.connections()).isZero();
    }

    @Test
    void readsExactlyTheTemplatesVariables() {
        Settings settings = new Settings(env);
        new WebhooksHandler(settings);

        assertThat(settings.namesRead())
                .filteredOn(name -> !name.startsWith("AWS_"))
                .containsExactlyInAnyOrder(
                        "WEBHOOKS_TABLE_NAME",
                        "WEBHOOK_SECRET_PREFIX",
                        "WEBHOOK_SECRET_KEY_ID",
                        "WEBHOOK_ALLOWED_HOSTS",
                        "WEBHOOK_ALLOW_LOOPBACK",
                        "AUDIT_LOG_GROUP",
                        "CORS_ALLOWED_ORIGINS");
    }

    @Test
    void refusalsCarryTheCorsHeadersOfAnAllowedOrigin() {
        var answer = new WebhooksHandler(new Settings(env))
                .handleRequest(
                        ApiEvent.post(WebhooksApi.COLLECTION)
                                .json("{\"url\":\"https://hooks.elsewhere.test/\"}")
                                .header("Origin", "https://portal.example.org")
                                .build(),
                        null);

        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(answer.getBody()).contains("allow-list");
        assertThat(answer.getHeaders()).containsEntry("Access-Control-Allow-Origin", "https://portal.example.org");
        assertThat(aws.connections()).isZero();
    }

    @Test
    void loopbackReceiversAreOnlyForTheLocalStack() {
        env.remove("WEBHOOK_ALLOWED_HOSTS");
        var deployed = WebhooksWiring.destinationPolicy(new Settings(env));
        env.put("WEBHOOK_ALLOW_LOOPBACK", "true");
        var local = WebhooksWiring.destinationPolicy(new Settings(env));

        assertThat(deployed.refusal("http://127.0.0.1:8080/")).isPresent();
        assertThat(local.refusal("http://127.0.0.1:8080/")).isEmpty();
    }
}
