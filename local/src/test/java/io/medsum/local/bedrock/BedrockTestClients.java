package io.medsum.local.bedrock;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The real SDK client, pointed at the stand-in, with retries off so every call maps to one request. */
final class BedrockTestClients {
    private BedrockTestClients() {}

    static BedrockRuntimeClient clientFor(LocalBedrockServer server) {
        return clientFor(server, null);
    }

    static BedrockRuntimeClient clientFor(LocalBedrockServer server, Duration attemptTimeout) {
        return BedrockRuntimeClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (attemptTimeout != null) {
                        c.apiCallAttemptTimeout(attemptTimeout);
                    }
                })
                .build();
    }
}
