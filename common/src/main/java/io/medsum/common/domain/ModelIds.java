package io.medsum.common.domain;

import java.util.Optional;
import java.util.Set;

/**
 * What a configured model id names. Pure string rules, no SDK: the status function reads the model's lifecycle with
 * them and the worker only passes the id on.
 */
public final class ModelIds {
    /**
     * Amazon Nova 2 Lite through its US cross-region inference profile: Active on Bedrock; the reasons and sources for
     * the choice are in docs/deploy.md ("Model"). template.yaml's ModelId defaults to it too.
     */
    public static final String DEFAULT = "us.amazon.nova-2-lite-v1:0";

    /**
     * The geography prefixes of system-defined cross-region inference profiles (template.yaml's
     * ModelIsInferenceProfile).
     */
    private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "jp", "au", "ca", "global");

    private static final String PROFILE_ARN_MARKER = ":inference-profile/";
    private static final String APPLICATION_PROFILE_ARN_MARKER = ":application-inference-profile/";
    private static final String FOUNDATION_MODEL_ARN_MARKER = ":foundation-model/";

    private ModelIds() {}

    /** An inference profile id or ARN ({@code us.amazon.nova-2-lite-v1:0}), as opposed to a foundation model. */
    public static boolean isInferenceProfile(String modelId) {
        if (modelId.startsWith("arn:")) {
            return modelId.contains(PROFILE_ARN_MARKER) || modelId.contains(APPLICATION_PROFILE_ARN_MARKER);
        }
        int dot = modelId.indexOf('.');
        return dot > 0 && GEOGRAPHIES.contains(modelId.substring(0, dot));
    }

    /**
     * The foundation model id in a foundation-model ARN, e.g.
     * {@code arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0}.
     */
    public static Optional<String> foundationModelOfArn(String arn) {
        int at = arn.indexOf(FOUNDATION_MODEL_ARN_MARKER);
        return at < 0 ? Optional.empty() : Optional.of(arn.substring(at + FOUNDATION_MODEL_ARN_MARKER.length()));
    }
}
