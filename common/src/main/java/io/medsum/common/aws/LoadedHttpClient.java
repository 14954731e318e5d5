package io.medsum.common.aws;

import java.time.Duration;
import software.amazon.awssdk.core.internal.http.loader.DefaultSdkHttpClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The HTTP client every service client gets: the implementation the SDK itself loads, with our timeouts.
 *
 * <p>The function jars carry one HTTP implementation, the URLConnection client (common's only
 * {@code url-connection-client} dependency; the SDK's Apache and Netty clients are excluded in the parent pom), so in
 * Lambda and in the local stack this is always URLConnection. We do not name its class here: a client passed explicitly
 * would switch the SDK's loading off, and then the cold-start benchmark could not compare Apache and CRT in the same
 * function jars. Instead this goes through the SDK's default loading ({@link DefaultSdkHttpClientBuilder}, what a
 * client builder uses when given no HTTP client): the system property {@code software.amazon.awssdk.http.service.impl}
 * names an {@code SdkHttpService} if set, else {@code ServiceLoader} picks among those on the classpath. The benchmark
 * sets the property in its child JVMs; nothing in production does. That class is the SDK's own (annotated for use by
 * SDK modules), pinned by the BOM version; {@code LoadedHttpClientTest} fails if an upgrade moves it or stops honouring
 * our timeouts.
 *
 * <p>The timeouts are the SDK's implementation-neutral options, layered over the service's own defaults.
 */
final class LoadedHttpClient implements SdkHttpClient.Builder<LoadedHttpClient> {
    private static final SdkHttpClient.Builder<?> SDK_DEFAULT = new DefaultSdkHttpClientBuilder();

    private final AttributeMap ours;

    LoadedHttpClient(Duration connectTimeout, Duration socketTimeout) {
        this.ours = AttributeMap.builder()
                .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, connectTimeout)
                .put(SdkHttpConfigurationOption.READ_TIMEOUT, socketTimeout)
                // Our clients are synchronous, and a synchronous client speaks HTTP/1.1. Bedrock Runtime's defaults
                // ask for HTTP/2 (for its async event streams): URLConnection and Apache ignore that, the sync CRT
                // client refuses to start.
                .put(SdkHttpConfigurationOption.PROTOCOL, Protocol.HTTP1_1)
                .build();
    }

    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
        return SDK_DEFAULT.buildWithDefaults(ours.merge(serviceDefaults));
    }
}
