package io.medsum.common.aws;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK HTTP client named by {@link AwsClientFactory#HTTP_CLIENT}. Apache and CRT are optional
 * dependencies: each is touched only through its own holder class, so a function jar without them never
 * loads (or fails to verify) anything of theirs unless asked to.
 */
enum HttpClientChoice {
    URLCONNECTION, APACHE, CRT;

    static HttpClientChoice from(Optional<String> name) {
        String value = name.orElse("urlconnection").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "urlconnection", "url-connection", "url" -> URLCONNECTION;
            case "apache" -> APACHE;
            case "crt", "aws-crt" -> CRT;
            default -> throw new IllegalStateException(AwsClientFactory.HTTP_CLIENT + " must be urlconnection, apache or crt");
        };
    }

    /** Gives the client builder this HTTP client. */
    void configure(SdkSyncClientBuilder<?, ?> builder, Duration connectTimeout, Duration socketTimeout) {
        try {
            switch (this) {
                case URLCONNECTION -> builder.httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout).socketTimeout(socketTimeout));
                case APACHE -> builder.httpClientBuilder(ApacheClients.builder(connectTimeout, socketTimeout));
                // Built here rather than by the service client: given a builder, the SDK passes the service's
                // defaults, and Bedrock Runtime's HTTP/2 default makes the sync CRT client refuse to start.
                case CRT -> builder.httpClient(CrtClients.build(connectTimeout));
            }
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(AwsClientFactory.HTTP_CLIENT + "=" + name().toLowerCase(Locale.ROOT)
                    + " needs that HTTP client's jars on the classpath; the function jars carry only urlconnection", e);
        }
    }

    /** Loaded only when Apache is chosen. */
    private static final class ApacheClients {
        static SdkHttpClient.Builder<?> builder(Duration connectTimeout, Duration socketTimeout) {
            return software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                    .connectionTimeout(connectTimeout)
                    .socketTimeout(socketTimeout);
        }
    }

    /** Loaded only when CRT is chosen. The CRT client has no socket timeout; the SDK's call timeouts bound a call. */
    private static final class CrtClients {
        static SdkHttpClient build(Duration connectTimeout) {
            return software.amazon.awssdk.http.crt.AwsCrtHttpClient.builder().connectionTimeout(connectTimeout).build();
        }
    }
}
