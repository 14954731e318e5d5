package io.medsum.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.medsum.common.config.Settings;
import io.medsum.common.priming.Priming;
import io.medsum.common.testing.CountingEndpoint;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notifier is configured by exactly its template environment, and primes without sending anything. */
class NotifierWiringTest {
    private final CountingEndpoint aws = new CountingEndpoint();

    NotifierWiringTest() throws Exception {}

    @AfterEach
    void close() throws Exception {
        aws.close();
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", aws.url(),
                "WEBHOOKS_TABLE_NAME", "Webhooks",
                "WEBHOOK_SECRET_PREFIX", "medsum/test/webhooks",
                "NOTIFICATIONS_QUEUE_URL", aws.url() + "/000000000000/notifications",
                "NOTIFICATIONS_DLQ_URL", aws.url() + "/000000000000/notifications-dlq"));
        env.putAll(extra);
        return env;
    }

    @Test
    void theNotifierReadsExactlyItsTemplateVariables() {
        Settings settings = new Settings(env(Map.of()));

        new NotifierHandler(settings);

        assertThat(settings.namesRead())
                .filteredOn(name -> !name.startsWith("AWS_"))
                .containsExactlyInAnyOrder(
                        "WEBHOOKS_TABLE_NAME",
                        "WEBHOOK_SECRET_PREFIX",
                        "WEBHOOK_ALLOWED_HOSTS",
                        "WEBHOOK_ALLOW_LOOPBACK",
                        "NOTIFICATIONS_QUEUE_URL",
                        "NOTIFICATIONS_DLQ_URL",
                        "WEBHOOK_TIMEOUT_MS",
                        "WEBHOOK_RETRY_BASE_SECONDS",
                        "WEBHOOK_RETRY_CAP_SECONDS",
                        "WEBHOOK_MAX_ATTEMPTS",
                        "WEBHOOK_RATE_PER_SECOND");
    }

    @Test
    void withoutSettingsTheRetriesAreTheTemplatesDefaults() {
        NotifierWiring wiring = new NotifierWiring(new Settings(env(Map.of())));

        assertThat(wiring.policy.maxAttempts()).isEqualTo(15);
        assertThat(wiring.policy.backoff().delaySeconds(1)).isBetween(15, 30);
        assertThat(wiring.policy.backoff().delaySeconds(12)).isBetween(7_200, 14_400);
        assertThat(NotifierWiring.userAgent()).startsWith("medsum-webhooks/");
    }

    @Test
    void theRetriesFollowTheSettings() {
        NotifierWiring wiring = new NotifierWiring(new Settings(env(Map.of(
                "WEBHOOK_MAX_ATTEMPTS", "5",
                "WEBHOOK_RETRY_BASE_SECONDS", "60",
                "WEBHOOK_RETRY_CAP_SECONDS", "60"))));

        assertThat(wiring.policy.maxAttempts()).isEqualTo(5);
        assertThat(wiring.policy.backoff().delaySeconds(4)).isBetween(30, 60);
    }

    @Test
    void aTimeoutAboveTenSecondsStopsTheNotifierAtStart() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new NotifierWiring(new Settings(env(Map.of("WEBHOOK_TIMEOUT_MS", "10001")))))
                .withMessageContaining("WEBHOOK_TIMEOUT_MS");
        assertThatIllegalStateException()
                .isThrownBy(() -> new NotifierWiring(new Settings(env(Map.of("WEBHOOK_TIMEOUT_MS", "0")))));
    }

    @Test
    void aRateBelowOneStopsTheNotifierAtStart() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NotifierWiring(new Settings(env(Map.of("WEBHOOK_RATE_PER_SECOND", "0")))));
    }

    @Test
    void primingRunsEveryStepWithoutSendingAnything() {
        Priming priming = new NotifierPriming(new NotifierWiring(new Settings(env(Map.of())))).run();

        assertThat(priming.skipped()).isEmpty();
        assertThat(priming.completed()).hasSize(8);
        assertThat(aws.connections()).isZero();
    }

    @Test
    void theHandlerPrimesWhenSnapStartAsksBeforeTheSnapshot() {
        new NotifierHandler(new Settings(env(Map.of()))).beforeCheckpoint(null);

        assertThat(aws.connections()).isZero();
    }
}
