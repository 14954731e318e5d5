package io.medsum.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.common.aws.AwsClientFactory;
import io.medsum.common.config.Settings;
import io.medsum.common.json.Json;
import io.medsum.local.gateway.ClientKey;
import io.medsum.local.gateway.ClientKeys;
import io.medsum.local.infra.LocalAwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The target options every client command shares. By default the running local stack ({@code <data-dir>/local.json});
 * with {@code --stack} or {@code --api-url} a deployed stack, signed with SigV4 from the default AWS credentials chain
 * unless {@code --api-key} is given.
 */
public final class TargetOptions {
    private static final Pattern EXECUTE_API_REGION =
            Pattern.compile("\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

    @Option(
            names = "--data-dir",
            defaultValue = ".medsum",
            description = "The local stack's data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--api-url", description = "A deployed API's URL (the stack's ApiUrl output).")
    URI apiUrl;

    @Option(names = "--api-key", description = "API key, when the stack uses API-key auth instead of IAM.")
    String apiKey;

    @Option(
            names = "--key",
            paramLabel = "NAME",
            description = "On the local stack: call with the key of this name (./medsum keys create NAME).")
    String keyName;

    @Option(
            names = "--stack",
            description = "A deployed CloudFormation stack: API and queue URLs come from its outputs.")
    String stack;

    @Option(
            names = "--region",
            description = "AWS region of the deployed stack (default: from the API URL or AWS_REGION).")
    String region;

    public Target resolve() {
        if (stack == null && apiUrl == null) {
            return local();
        }
        Map<String, String> outputs = stack == null ? Map.of() : stackOutputs();
        URI api = apiUrl != null ? apiUrl : URI.create(require(outputs, "ApiUrl"));
        String resolvedRegion = region(api);
        ApiAuth auth = apiKey != null
                ? ApiAuth.apiKey(apiKey)
                : new SigV4Auth(DefaultCredentialsProvider.builder().build(), resolvedRegion);
        SqsClient sqs = outputs.containsKey("DlqUrl")
                ? awsFactory(resolvedRegion).build(SqsClient.builder(), "SQS", Duration.ofSeconds(30))
                : null;
        CloudWatchLogsClient logs =
                outputs.containsKey("AuditLogGroupName") || outputs.containsKey("EventsLogGroupName")
                        ? awsFactory(resolvedRegion)
                                .build(CloudWatchLogsClient.builder(), "CLOUDWATCH_LOGS", Duration.ofSeconds(30))
                        : null;
        String notificationsDlq = outputs.get("NotificationsDlqUrl");
        return new Target(
                stripTrailingSlash(api),
                auth,
                outputs.get("QueueUrl"),
                outputs.get("DlqUrl"),
                sqs,
                logs,
                outputs.get("AuditLogGroupName"),
                outputs.getOrDefault("NotificationsQueueUrl", notificationsQueueBeside(notificationsDlq, stack)),
                notificationsDlq,
                outputs.get("EventsLogGroupName"));
    }

    private Target local() {
        Path localJson = dataDir.resolve("local.json");
        if (!Files.exists(localJson)) {
            throw new IllegalStateException(
                    "No running local stack (" + localJson + " is missing). Start one with ./medsum local, "
                            + "or target a deployed stack with --stack NAME or --api-url URL");
        }
        try {
            JsonNode info = Json.parse(Files.readString(localJson));
            return new Target(
                    URI.create(info.get("apiUrl").asText()),
                    localAuth(info),
                    info.get("queueUrl").asText(),
                    info.get("dlqUrl").asText(),
                    LocalAwsClients.sqs(URI.create(info.get("sqsEndpoint").asText())),
                    LocalAwsClients.logs(URI.create(info.get("servicesEndpoint").asText())),
                    info.get("auditLogGroup").asText(),
                    optionalText(info, "notificationsQueueUrl"),
                    optionalText(info, "notificationsDlqUrl"),
                    optionalText(info, "eventsLogGroup"));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + localJson + ": " + e.getMessage(), e);
        }
    }

    private static String optionalText(JsonNode info, String field) {
        return info.hasNonNull(field) && !info.get(field).asText().isBlank()
                ? info.get(field).asText()
                : null;
    }

    /**
     * The notifications queue's URL when the stack gives only its DLQ's: the template names the queue
     * {@code <stack>-notifications}, and both queues' URLs share the account's SQS prefix.
     */
    static String notificationsQueueBeside(String notificationsDlqUrl, String stack) {
        if (notificationsDlqUrl == null || stack == null || notificationsDlqUrl.lastIndexOf('/') < 0) {
            return null;
        }
        return notificationsDlqUrl.substring(0, notificationsDlqUrl.lastIndexOf('/') + 1) + stack + "-notifications";
    }

    /** {@code --api-key}, else the key named by {@code --key}, else the stack's default key. */
    private ApiAuth localAuth(JsonNode info) {
        if (apiKey != null) {
            return ApiAuth.apiKey(apiKey);
        }
        if (keyName != null) {
            return ApiAuth.apiKey(ClientKeys.in(dataDir)
                    .named(keyName)
                    .map(ClientKey::key)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "No key named " + keyName + " (./medsum keys list shows them)")));
        }
        if (!info.hasNonNull("apiKey")) {
            return ApiAuth.unavailable(
                    "The local stack has no default key (revoked): pass --key NAME (./medsum keys list)");
        }
        return ApiAuth.apiKey(info.get("apiKey").asText());
    }

    private Map<String, String> stackOutputs() {
        try (CloudFormationClient cfn = awsFactory(region == null ? defaultRegion() : region)
                .build(CloudFormationClient.builder(), "CLOUDFORMATION", Duration.ofSeconds(30))) {
            Map<String, String> outputs = new HashMap<>();
            cfn.describeStacks(b -> b.stackName(stack))
                    .stacks()
                    .get(0)
                    .outputs()
                    .forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            return outputs;
        }
    }

    private String region(URI api) {
        if (region != null) {
            return region;
        }
        Matcher m = EXECUTE_API_REGION.matcher(api.getHost() == null ? "" : api.getHost());
        return m.find() ? m.group(1) : defaultRegion();
    }

    private static String defaultRegion() {
        String env = System.getenv("AWS_REGION");
        return env != null ? env : System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
    }

    /** Real AWS: the default credentials chain, the standard endpoint overrides from the environment. */
    private static AwsClientFactory awsFactory(String region) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_REGION", region);
        return new AwsClientFactory(new Settings(env));
    }

    private static String require(Map<String, String> outputs, String key) {
        String value = outputs.get(key);
        if (value == null) {
            throw new IllegalStateException("The stack has no output " + key);
        }
        return value;
    }

    private static URI stripTrailingSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
