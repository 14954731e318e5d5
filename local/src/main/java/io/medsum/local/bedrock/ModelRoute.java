package io.medsum.local.bedrock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which operation and model a request is for: {@code POST /model/{modelId}/converse}. InvokeModel ({@code /invoke}) is
 * not served: the stand-in speaks Converse only.
 *
 * <p>The SDK percent-encodes the model id as one path segment, so inference profile ARNs arrive as
 * {@code arn%3Aaws%3A...%2Fus.amazon.nova-2-lite-v1%3A0}; the raw path is split before decoding.
 */
record ModelRoute(BedrockOperation operation, String modelId) {

    static Optional<ModelRoute> of(String method, String rawPath) {
        if (!"POST".equals(method) || rawPath == null) {
            return Optional.empty();
        }
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 4 || !segments[0].isEmpty() || !"model".equals(segments[1]) || segments[2].isEmpty()) {
            return Optional.empty();
        }
        for (BedrockOperation operation : BedrockOperation.values()) {
            if (operation.pathSuffix().equals(segments[3])) {
                return Optional.of(new ModelRoute(operation, decode(segments[2])));
            }
        }
        return Optional.empty();
    }

    /** URLDecoder is for forms, where '+' is a space; in a path it is a plus. */
    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
