package io.medsum.local.bedrock;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** The real SDK clients, pointed at the stand-in, with retries off so every call maps to one request. */
final class BedrockTestClients {
    /** The product's default model: Nova 2 Lite through its US cross-region inference profile. */
    static final String NOVA_PROFILE = "us.amazon.nova-2-lite-v1:0";

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private BedrockTestClients() {}

    static BedrockRuntimeClient clientFor(LocalBedrockServer server) {
        return clientFor(server, null);
    }

    static BedrockRuntimeClient clientFor(LocalBedrockServer server, Duration attemptTimeout) {
        return BedrockRuntimeClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (attemptTimeout != null) {
                        c.apiCallAttemptTimeout(attemptTimeout);
                    }
                })
                .build();
    }

    /** The control-plane client, signing for {@code region} (which the ARNs in its answers name). */
    static BedrockClient controlPlaneClientFor(LocalBedrockServer server, Region region) {
        return BedrockClient.builder()
                .endpointOverride(server.endpoint())
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A Converse call shaped like the worker's: instructions as the system prompt, the report as the user turn. */
    static ConverseResponse converse(BedrockRuntimeClient client, String modelId, String userText, int maxTokens) {
        return client.converse(r -> r.modelId(modelId)
                .system(SystemContentBlock.fromText(SampleReport.INSTRUCTIONS))
                .messages(Message.builder()
                        .role(ConversationRole.USER)
                        .content(ContentBlock.fromText(userText))
                        .build())
                .inferenceConfig(c -> c.maxTokens(maxTokens).temperature(0.2f)));
    }

    static String text(ConverseResponse response) {
        return response.output().message().content().get(0).text();
    }
}
