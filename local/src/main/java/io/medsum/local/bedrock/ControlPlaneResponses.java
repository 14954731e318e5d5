package io.medsum.local.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medsum.local.bedrock.FoundationModel.LifecycleDates;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The response bodies of GetFoundationModel and GetInferenceProfile, field for field as the Bedrock service model names
 * them. Its timestamps are ISO 8601 ({@code timestampFormat: iso8601}).
 */
final class ControlPlaneResponses {
    /** When a profile's model has no known launch date, its profile is dated the day the catalogue was read. */
    private static final Instant CATALOG_READ = Instant.parse("2026-12-02T00:00:00Z");

    private ControlPlaneResponses() {}

    /** {@code {"modelDetails": {...}}}; the model must not be END_OF_LIFE, which the API cannot express. */
    static byte[] foundationModel(FoundationModel model, String region) {
        ObjectNode response = ModelJson.MAPPER.createObjectNode();
        ObjectNode details = response.putObject("modelDetails");
        details.put("modelArn", model.arn(region));
        details.put("modelId", model.modelId());
        details.put("modelName", model.name());
        details.put("providerName", model.provider());
        strings(details.putArray("inputModalities"), model.inputModalities());
        strings(details.putArray("outputModalities"), List.of("TEXT"));
        details.put("responseStreamingSupported", true);
        details.putArray("customizationsSupported");
        // The stand-in serves every model on demand as well as through its profiles.
        strings(details.putArray("inferenceTypesSupported"), List.of("ON_DEMAND"));
        ObjectNode lifecycle = details.putObject("modelLifecycle");
        lifecycle.put("status", model.lifecycle().name());
        LifecycleDates dates = model.dates();
        time(lifecycle, "startOfLifeTime", dates.startOfLifeTime());
        time(lifecycle, "legacyTime", dates.legacyTime());
        time(lifecycle, "publicExtendedAccessTime", dates.publicExtendedAccessTime());
        time(lifecycle, "endOfLifeTime", dates.endOfLifeTime());
        return ModelJson.write(response);
    }

    static byte[] inferenceProfile(InferenceProfile profile, String region) {
        Instant created = profile.model().dates().startOfLifeTime().orElse(CATALOG_READ);
        ObjectNode response = ModelJson.MAPPER.createObjectNode();
        response.put("inferenceProfileName", profile.name());
        response.put("description", profile.description());
        response.put("createdAt", created.toString());
        response.put("updatedAt", created.toString());
        response.put("inferenceProfileArn", profile.arn(region));
        ArrayNode models = response.putArray("models");
        profile.modelArns().forEach(arn -> models.addObject().put("modelArn", arn));
        response.put("inferenceProfileId", profile.id());
        response.put("status", "ACTIVE");
        response.put("type", "SYSTEM_DEFINED");
        return ModelJson.write(response);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void time(ObjectNode parent, String field, Optional<Instant> value) {
        value.ifPresent(instant -> parent.put(field, instant.toString()));
    }
}
