package io.medsum.cli.api;

import java.net.URI;
import java.net.http.HttpRequest;

/** How the CLI authenticates to the API: an API key header, or a SigV4 signature with AWS credentials. */
public interface ApiAuth {
    void apply(HttpRequest.Builder request, String method, URI uri, String body);

    static ApiAuth apiKey(String key) {
        return (request, method, uri, body) -> request.header("x-api-key", key);
    }

    /** No credential to call the API with; commands that never call it (audit, dlq redrive) still work. */
    static ApiAuth unavailable(String why) {
        return (request, method, uri, body) -> {
            throw new IllegalArgumentException(why);
        };
    }
}
