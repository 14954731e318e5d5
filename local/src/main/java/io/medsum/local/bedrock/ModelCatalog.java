package io.medsum.local.bedrock;

import io.medsum.local.bedrock.FoundationModel.LifecycleDates;
import io.medsum.local.bedrock.InferenceProfile.Geography;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models the stand-in knows, so that it answers for a model id as Bedrock would: unknown ids and end-of-life models
 * fail, the others are served within their limits.
 *
 * <p>A stand-in, not a source of truth. Lifecycle states follow the Bedrock model lifecycle page
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html, read 2026-12-02); launch dates are the
 * page's (Nova 1) or the Nova user guide's release history (Nova 2 Lite); token limits are what the product was asked
 * to honour. Check the page and the model cards before relying on any of it.
 */
final class ModelCatalog {
    private static final List<String> TEXT = List.of("TEXT");
    private static final List<String> TEXT_AND_IMAGE = List.of("TEXT", "IMAGE");
    private static final Set<Geography> EVERY_GEOGRAPHY = EnumSet.allOf(Geography.class);

    private final Map<String, FoundationModel> byId = new LinkedHashMap<>();

    ModelCatalog(List<FoundationModel> models) {
        for (FoundationModel model : models) {
            if (byId.putIfAbsent(model.modelId(), model) != null) {
                throw new IllegalArgumentException("Duplicate model " + model.modelId());
            }
        }
    }

    public static ModelCatalog standard() {
        return new ModelCatalog(List.of(
                nova("amazon.nova-micro-v1:0", "Nova Micro", 128_000, 10_000, TEXT, day("2024-12-04")),
                nova("amazon.nova-lite-v1:0", "Nova Lite", 300_000, 10_000, TEXT_AND_IMAGE, day("2024-12-04")),
                nova("amazon.nova-pro-v1:0", "Nova Pro", 300_000, 10_000, TEXT_AND_IMAGE, null),
                nova("amazon.nova-2-lite-v1:0", "Nova 2 Lite", 1_000_000, 65_535, TEXT_AND_IMAGE, day("2025-12-02")),
                // Retired: every call naming them fails, so their limits (the documented context sizes) never apply.
                endOfLife("amazon.titan-text-express-v1", "Titan Text G1 - Express", 8_192),
                endOfLife("amazon.titan-text-lite-v1", "Titan Text G1 - Lite", 4_096),
                endOfLife("amazon.titan-text-premier-v1:0", "Titan Text G1 - Premier", 32_000),
                legacyExample()));
    }

    /**
     * An EXAMPLE of a LEGACY model, to exercise Legacy handling: the state and the dates are illustrative, not
     * Bedrock's record for this model. (It is also the non-Amazon model the pipeline tests converse with.)
     */
    private static FoundationModel legacyExample() {
        return new FoundationModel(
                "anthropic.claude-3-haiku-20240307-v1:0",
                "Claude 3 Haiku",
                "Anthropic",
                ModelLifecycle.LEGACY,
                200_000,
                4_096,
                TEXT_AND_IMAGE,
                new LifecycleDates(null, day("2026-06-01"), day("2026-09-01"), day("2027-06-01")),
                EnumSet.of(Geography.US, Geography.EU, Geography.APAC));
    }

    /** The model with this foundation model id or ARN; an inference profile is not a foundation model. */
    public Optional<FoundationModel> foundationModel(String modelIdentifier) {
        String id = ModelArns.resourceId(modelIdentifier, ModelArns.FOUNDATION_MODEL)
                .orElse(modelIdentifier);
        return Optional.ofNullable(byId.get(id));
    }

    /** The system-defined inference profile with this id or ARN. */
    public Optional<InferenceProfile> inferenceProfile(String profileIdentifier) {
        String id = ModelArns.resourceId(profileIdentifier, ModelArns.INFERENCE_PROFILE)
                .orElse(profileIdentifier);
        int dot = id.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Optional<Geography> geography = Geography.ofPrefix(id.substring(0, dot));
        FoundationModel model = byId.get(id.substring(dot + 1));
        if (geography.isEmpty() || model == null || !model.profileGeographies().contains(geography.get())) {
            return Optional.empty();
        }
        return Optional.of(new InferenceProfile(geography.get(), model));
    }

    /** The model a runtime call's {@code modelId} names: a foundation model or inference profile, by id or ARN. */
    public Optional<FoundationModel> modelForInference(String modelId) {
        return foundationModel(modelId).or(() -> inferenceProfile(modelId).map(InferenceProfile::model));
    }

    public List<FoundationModel> models() {
        return List.copyOf(byId.values());
    }

    private static FoundationModel nova(
            String id, String name, int contextWindow, int maxOutput, List<String> input, Instant launched) {
        return new FoundationModel(
                id,
                name,
                "Amazon",
                ModelLifecycle.ACTIVE,
                contextWindow,
                maxOutput,
                input,
                launched == null ? LifecycleDates.UNKNOWN : LifecycleDates.launched(launched),
                EVERY_GEOGRAPHY);
    }

    private static FoundationModel endOfLife(String id, String name, int contextWindow) {
        return new FoundationModel(
                id,
                name,
                "Amazon",
                ModelLifecycle.END_OF_LIFE,
                contextWindow,
                contextWindow,
                TEXT,
                LifecycleDates.UNKNOWN,
                Set.of());
    }

    private static Instant day(String isoDate) {
        return Instant.parse(isoDate + "T00:00:00Z");
    }
}
