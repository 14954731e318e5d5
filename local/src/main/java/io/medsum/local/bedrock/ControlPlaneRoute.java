package io.medsum.local.bedrock;

import java.util.Optional;

/**
 * Which control-plane read a request is: {@code GET /foundation-models/{modelIdentifier}} or {@code GET
 * /inference-profiles/{inferenceProfileIdentifier}}, the identifier an id or an ARN percent-encoded as one path
 * segment.
 */
record ControlPlaneRoute(ControlPlaneOperation operation, String identifier) {

    static Optional<ControlPlaneRoute> of(String method, String rawPath) {
        if (!"GET".equals(method) || rawPath == null) {
            return Optional.empty();
        }
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 3 || !segments[0].isEmpty() || segments[2].isEmpty()) {
            return Optional.empty();
        }
        for (ControlPlaneOperation operation : ControlPlaneOperation.values()) {
            if (operation.collection().equals(segments[1])) {
                return Optional.of(new ControlPlaneRoute(operation, ModelRoute.decode(segments[2])));
            }
        }
        return Optional.empty();
    }
}
