package io.medsum.local.bedrock;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A system-defined cross-region inference profile, {@code <geo>.<foundation model id>}: Bedrock routes each call to one
 * of the geography's regions.
 */
record InferenceProfile(Geography geography, FoundationModel model) {
    /** The account the stand-in's profile ARNs name (the documentation's example account). */
    public static final String LOCAL_ACCOUNT_ID = "123456789012";

    /**
     * The profile geographies. The destination regions are examples for the stand-in's answers: the real lists differ
     * per model and grow over time; only {@code us} is the one the product's tests rely on.
     */
    public enum Geography {
        US("us", "US", List.of("us-east-1", "us-east-2", "us-west-2")),
        EU("eu", "EU", List.of("eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3")),
        APAC("apac", "APAC", List.of("ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2")),
        GLOBAL("global", "Global", null);

        private final String prefix;
        private final String label;
        private final List<String> regions;

        Geography(String prefix, String label, List<String> regions) {
            this.prefix = prefix;
            this.label = label;
            this.regions = regions;
        }

        public String prefix() {
            return prefix;
        }

        /** Global routes to any commercial region: here, all the regions of the other geographies. */
        public List<String> regions() {
            if (regions != null) {
                return List.copyOf(regions);
            }
            Set<String> all = new LinkedHashSet<>();
            for (Geography geography : values()) {
                if (geography.regions != null) {
                    all.addAll(geography.regions);
                }
            }
            return List.copyOf(all);
        }

        static Optional<Geography> ofPrefix(String prefix) {
            return Arrays.stream(values()).filter(g -> g.prefix.equals(prefix)).findFirst();
        }
    }

    public String id() {
        return geography.prefix + "." + model.modelId();
    }

    public String name() {
        return geography.label + " " + model.name();
    }

    public String description() {
        return "Routes requests to " + model.name() + " in " + String.join(", ", geography.regions()) + ".";
    }

    /** {@code arn:aws:bedrock:<region>:<account>:inference-profile/<id>}. */
    public String arn(String region) {
        return "arn:aws:bedrock:" + region + ":" + LOCAL_ACCOUNT_ID + ":inference-profile/" + id();
    }

    /** The foundation model ARNs in every destination region, as GetInferenceProfile lists them. */
    public List<String> modelArns() {
        return geography.regions().stream().map(model::arn).toList();
    }
}
