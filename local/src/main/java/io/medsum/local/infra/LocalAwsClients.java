package io.medsum.local.infra;

import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Real AWS SDK v2 clients pointed at the local stand-ins, built by the same {@link AwsClientFactory} the functions use,
 * from the same kind of environment: a fixed region, dummy static credentials (so no lookup of the developer's AWS
 * profile ever happens) and an endpoint override.
 */
public final class LocalAwsClients {

    public static final Region REGION = Region.US_EAST_1;
    /** The account id ElasticMQ puts into queue ARNs (its own default, kept explicit). */
    public static final String ACCOUNT_ID = "000000000000";

    public static final String ACCESS_KEY = "local";

    private LocalAwsClients() {}

    /** The environment every local function and tool gets: region, dummy keys, no AWS profile lookups. */
    public static Map<String, String> baseEnvironment() {
        return Map.of(
                "AWS_REGION", REGION.id(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", ACCESS_KEY);
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return factory("DYNAMODB", endpoint).build(DynamoDbClient.builder(), "DYNAMODB", Duration.ofSeconds(10));
    }

    public static SqsClient sqs(URI endpoint) {
        return sqs(endpoint, List.of());
    }

    /** @param interceptors added to this client only, e.g. a request counter */
    public static SqsClient sqs(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return factory("SQS", endpoint, interceptors).build(SqsClient.builder(), "SQS", Duration.ofSeconds(30));
    }

    public static CloudWatchLogsClient logs(URI endpoint) {
        return factory("CLOUDWATCH_LOGS", endpoint)
                .build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", Duration.ofSeconds(10));
    }

    public static EventBridgeClient events(URI endpoint) {
        return factory("EVENTBRIDGE", endpoint)
                .build(EventBridgeClient.builder(), "EVENTBRIDGE", Duration.ofSeconds(10));
    }

    public static SecretsManagerClient secrets(URI endpoint) {
        return factory("SECRETS_MANAGER", endpoint)
                .build(SecretsManagerClient.builder(), "SECRETS_MANAGER", Duration.ofSeconds(10));
    }

    private static AwsClientFactory factory(String serviceId, URI endpoint) {
        return factory(serviceId, endpoint, List.of());
    }

    private static AwsClientFactory factory(String serviceId, URI endpoint, List<ExecutionInterceptor> interceptors) {
        var env = new HashMap<>(baseEnvironment());
        env.put("AWS_ENDPOINT_URL_" + serviceId, endpoint.toString());
        return new AwsClientFactory(new Settings(env, interceptors));
    }
}
