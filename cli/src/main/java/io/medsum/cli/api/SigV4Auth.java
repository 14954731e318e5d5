package io.medsum.cli.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Signs API calls with SigV4 for an IAM-protected API Gateway (the template's default auth). */
final class SigV4Auth implements ApiAuth {
    /** Headers java.net.http sets itself and refuses to take from us; they are signed as it will send them. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection");

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    SigV4Auth(AwsCredentialsProvider credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    @Override
    public void apply(HttpRequest.Builder request, String method, URI uri, String body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .uri(uri)
                .method(SdkHttpMethod.fromValue(method))
                .putHeader("Content-Type", "application/json")
                .build();
        var signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        signed.request().headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> request.header(name, value));
            }
        });
    }
}
