package io.medsum.notifier;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.CloudWatchAuditTrail;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.notifier.api.WebhooksApi;
import io.medsum.notifier.webhook.DestinationPolicy;
import io.medsum.notifier.webhook.DynamoWebhookStore;
import io.medsum.notifier.webhook.SecretsManagerWebhookSecrets;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the webhooks API once per container from the environment (template.yaml's WebhooksFunction): the registry
 * table, the signing secrets' prefix and key, the destination rules, the audit trail and CORS.
 */
final class WebhooksWiring {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    final AwsClientFactory clients;
    final WebhooksApi api;
    final DynamoWebhookStore store;
    final SecretsManagerWebhookSecrets secrets;
    private final Settings settings;

    WebhooksWiring(Settings settings) {
        this.settings = settings;
        this.clients = new AwsClientFactory(settings);
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", CALL_TIMEOUT);
        SecretsManagerClient secretsManager =
                clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER", CALL_TIMEOUT);
        CloudWatchLogsClient logs = clients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", CALL_TIMEOUT);
        this.store = new DynamoWebhookStore(dynamo, settings.required(EnvNames.WEBHOOKS_TABLE_NAME));
        this.secrets = new SecretsManagerWebhookSecrets(
                secretsManager,
                settings.required(EnvNames.WEBHOOK_SECRET_PREFIX),
                settings.optional(EnvNames.WEBHOOK_SECRET_KEY_ID).orElse(null));
        this.api = new WebhooksApi(
                store,
                secrets,
                destinationPolicy(settings),
                new CloudWatchAuditTrail(logs, settings.required(EnvNames.AUDIT_LOG_GROUP), "webhooks"),
                Clock.systemUTC(),
                WebhooksApi.DEFAULT_MAX_PER_TENANT);
    }

    /** Deployed: public https receivers, on the allow-list if there is one. Locally also http://127.0.0.1. */
    static DestinationPolicy destinationPolicy(Settings settings) {
        return new DestinationPolicy(
                DestinationPolicy.patterns(settings.string(EnvNames.WEBHOOK_ALLOWED_HOSTS, "")),
                settings.flag(EnvNames.WEBHOOK_ALLOW_LOOPBACK, false),
                InetAddress::getAllByName);
    }

    String corsAllowedOrigins() {
        return settings.string(EnvNames.CORS_ALLOWED_ORIGINS, "");
    }
}
