package io.medsum.local.bedrock;

import java.util.Optional;

/**
 * {@code POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply}, the ApplyGuardrail operation of
 * Bedrock Runtime. The identifier is the guardrail id or its ARN, percent-encoded by the SDK as one path segment.
 */
record GuardrailRoute(String guardrailIdentifier, String guardrailVersion) {

    static Optional<GuardrailRoute> of(String method, String rawPath) {
        if (!"POST".equals(method) || rawPath == null) {
            return Optional.empty();
        }
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 6
                || !segments[0].isEmpty()
                || !"guardrail".equals(segments[1])
                || !"version".equals(segments[3])
                || !"apply".equals(segments[5])) {
            return Optional.empty();
        }
        return Optional.of(new GuardrailRoute(ModelRoute.decode(segments[2]), ModelRoute.decode(segments[4])));
    }

    /** The id itself, whether given as an id or as {@code arn:aws:bedrock:<region>:<account>:guardrail/<id>}. */
    String guardrailId() {
        int slash = guardrailIdentifier.lastIndexOf('/');
        return guardrailIdentifier.startsWith("arn:") && slash >= 0
                ? guardrailIdentifier.substring(slash + 1)
                : guardrailIdentifier;
    }
}
