package io.medsum.common.aws;

import io.medsum.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients once per container with an explicit region, credentials provider and HTTP timeouts, honouring the
 * standard {@code AWS_ENDPOINT_URL_<SERVICE>} / {@code AWS_ENDPOINT_URL} overrides from the given settings (that is how
 * tests and the local stack point the same code at stand-ins). Generic over the builder so this class names no service
 * and each function jar carries only the service clients it uses.
 *
 * <p>The HTTP client is the URLConnection client, the only one the function jars carry: as fast to a first answer as
 * CRT, faster than Apache, with the smallest jars (docs/benchmarks.md, coldstart). It is reached through the SDK's own
 * loading so that benchmark can swap it ({@link LoadedHttpClient}).
 */
public final class AwsClientFactory {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Settings settings;
    private final DryRunGate dryRunGate = new DryRunGate();

    public AwsClientFactory(Settings settings) {
        this.settings = settings;
    }

    /**
     * Runs {@code calls} with every client this factory built stopping its requests just before they are sent (see
     * {@link DryRunGate}): how SnapStart priming exercises the SDK without calling AWS.
     */
    public void dryRun(Runnable calls) {
        dryRunGate.dryRun(calls);
    }

    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, String endpointServiceId, Duration socketTimeout) {
        Optional<URI> endpoint = endpointOverride(endpointServiceId);
        builder.region(region()).credentialsProvider(credentials(endpoint.isPresent()));
        builder.httpClientBuilder(new LoadedHttpClient(CONNECT_TIMEOUT, socketTimeout));
        endpoint.ifPresent(builder::endpointOverride);
        // Added to whatever the caller configured (the worker sets Bedrock timeouts and retries there).
        ClientOverrideConfiguration configured = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder override = (configured == null
                        ? ClientOverrideConfiguration.builder()
                        : configured.toBuilder())
                .addExecutionInterceptor(dryRunGate);
        // After the gate: a request it stops was never sent, so an observer such as a request counter never sees it.
        settings.sdkInterceptors().forEach(override::addExecutionInterceptor);
        builder.overrideConfiguration(override.build());
        return builder.build();
    }

    public Region region() {
        return Region.of(settings.optional("AWS_REGION")
                .or(() -> settings.optional("AWS_DEFAULT_REGION"))
                .orElse("us-east-1"));
    }

    /**
     * Keys given in the settings are for stand-ins: they apply outside Lambda and only to a service whose endpoint is
     * overridden, so the local stack can mix stand-ins with real Amazon Bedrock. Everything else uses the default
     * chain, which in Lambda resolves the container credentials SnapStart requires instead of keys frozen in a
     * snapshot.
     */
    AwsCredentialsProvider credentials(boolean endpointOverridden) {
        Optional<String> accessKey = settings.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secretKey = settings.optional("AWS_SECRET_ACCESS_KEY");
        boolean inLambda = settings.optional("AWS_LAMBDA_FUNCTION_NAME").isPresent();
        if (!inLambda && endpointOverridden && accessKey.isPresent() && secretKey.isPresent()) {
            return settings.optional("AWS_SESSION_TOKEN")
                    .<AwsCredentialsProvider>map(token -> StaticCredentialsProvider.create(
                            AwsSessionCredentials.create(accessKey.get(), secretKey.get(), token)))
                    .orElseGet(() -> StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(accessKey.get(), secretKey.get())));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    Optional<URI> endpointOverride(String serviceId) {
        return settings.optional("AWS_ENDPOINT_URL_" + serviceId)
                .or(() -> settings.optional("AWS_ENDPOINT_URL"))
                .map(URI::create);
    }
}
