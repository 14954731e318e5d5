package io.medsum.local.bedrock;

import java.util.Optional;

/**
 * Reads the Bedrock ARNs a model identifier may be given as: {@code arn:aws:bedrock:<region>::foundation-model/<id>}
 * and {@code arn:aws:bedrock:<region>:<account>:inference-profile/<id>}. Model ids contain ':' themselves
 * ({@code amazon.nova-lite-v1:0}), so only the first five separators split the ARN.
 */
final class ModelArns {
    static final String FOUNDATION_MODEL = "foundation-model";
    static final String INFERENCE_PROFILE = "inference-profile";

    private ModelArns() {}

    /** The id in an ARN of this resource type, or empty when the identifier is no such ARN. */
    static Optional<String> resourceId(String identifier, String resourceType) {
        String[] parts = identifier.split(":", 6);
        if (parts.length != 6
                || !"arn".equals(parts[0])
                || !parts[1].startsWith("aws")
                || !"bedrock".equals(parts[2])
                || parts[3].isEmpty()) {
            return Optional.empty();
        }
        // Foundation models belong to no account; inference profiles to the caller's.
        boolean accountAsExpected = FOUNDATION_MODEL.equals(resourceType) ? parts[4].isEmpty() : !parts[4].isEmpty();
        String prefix = resourceType + "/";
        if (!accountAsExpected || !parts[5].startsWith(prefix) || parts[5].length() == prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(parts[5].substring(prefix.length()));
    }
}
