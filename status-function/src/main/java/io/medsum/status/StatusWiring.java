package io.medsum.status;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.aws.CloudWatchAuditTrail;
import io.medsum.common.aws.DynamoReportStore;
import io.medsum.common.aws.EventBridgePublisher;
import io.medsum.common.aws.SecretsManagerSecret;
import io.medsum.common.aws.SqsWorkQueue;
import io.medsum.common.config.EnvNames;
import io.medsum.common.config.Settings;
import io.medsum.common.domain.ModelIds;
import io.medsum.common.http.Tenants;
import io.medsum.common.notify.NotificationOutbox;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the status module's object graphs once per container from the environment: the read API for StatusHandler, and
 * the model lifecycle reading both it and the hourly ModelWatchHandler use. Each part reads only its own settings, so
 * the watch needs no table or queue.
 */
final class StatusWiring {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    final AwsClientFactory clients;
    final String modelId;
    final ModelLifecycleReader modelLifecycle;
    private final Settings settings;

    StatusWiring(Settings settings) {
        this.settings = settings;
        this.clients = new AwsClientFactory(settings);
        this.modelId = settings.string(EnvNames.MODEL_ID, ModelIds.DEFAULT);
        this.modelLifecycle =
                new BedrockModelLifecycleReader(clients.build(BedrockClient.builder(), "BEDROCK", READ_TIMEOUT));
    }

    ModelHealth modelHealth() {
        return new ModelHealth(modelId, modelLifecycle, Clock.systemUTC());
    }

    StatusApi api(ModelHealth model, String version) {
        DynamoDbClient dynamo = clients.build(DynamoDbClient.builder(), "DYNAMODB", READ_TIMEOUT);
        SqsClient sqs = clients.build(SqsClient.builder(), "SQS", READ_TIMEOUT);
        CloudWatchLogsClient logs = clients.build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", READ_TIMEOUT);
        SecretsManagerClient secrets = clients.build(SecretsManagerClient.builder(), "SECRETS_MANAGER", READ_TIMEOUT);
        Clock clock = Clock.systemUTC();
        var reports = new DynamoReportStore(dynamo, settings.required(EnvNames.TABLE_NAME));
        return new StatusApi(
                reports,
                new SqsWorkQueue(sqs, settings.required(EnvNames.QUEUE_URL), ""),
                model,
                new TenantAccess(Tenants.parseList(settings.string(EnvNames.CROSS_TENANT_READERS, ""))),
                new CursorCodec(
                        new SecretsManagerSecret(secrets, settings.required(EnvNames.CURSOR_KEY_SECRET_ARN)), clock),
                new CloudWatchAuditTrail(logs, settings.required(EnvNames.AUDIT_LOG_GROUP), "status"),
                clock,
                version,
                new NotificationOutbox(reports, EventBridgePublisher.fromSettings(clients, settings), null));
    }

    String corsAllowedOrigins() {
        return settings.string(EnvNames.CORS_ALLOWED_ORIGINS, "");
    }
}
