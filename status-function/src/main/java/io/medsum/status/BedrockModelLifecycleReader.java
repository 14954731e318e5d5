package io.medsum.status;

import io.medsum.common.domain.ModelIds;
import io.medsum.common.observability.SafeErrors;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycle;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;

/**
 * {@link ModelLifecycleReader} on Bedrock's control plane: {@code GetInferenceProfile} for a profile, then
 * {@code GetFoundationModel} for each foundation model it routes to (or for the configured model itself); the worst
 * lifecycle wins. Bedrock answers ResourceNotFoundException both for an id that never existed and for one past its end
 * of life, so the two read alike here.
 */
final class BedrockModelLifecycleReader implements ModelLifecycleReader {
    private static final Logger LOG = LoggerFactory.getLogger(BedrockModelLifecycleReader.class);
    private final BedrockClient bedrock;

    BedrockModelLifecycleReader(BedrockClient bedrock) {
        this.bedrock = bedrock;
    }

    @Override
    public ModelLifecycle read(String modelId) {
        try {
            ModelLifecycle result = new ModelLifecycle(modelId, ModelLifecycle.Status.ACTIVE, Optional.empty());
            for (String foundationModel : foundationModels(modelId)) {
                result = result.worst(foundationModelLifecycle(modelId, foundationModel));
            }
            return result;
        } catch (ResourceNotFoundException e) {
            return ModelLifecycle.notFound(modelId);
        } catch (SdkException e) {
            LOG.warn("Could not read the model's lifecycle from Bedrock: {}", SafeErrors.describe(e));
            return ModelLifecycle.unverified(modelId);
        }
    }

    private Set<String> foundationModels(String modelId) {
        if (!ModelIds.isInferenceProfile(modelId)) {
            return Set.of(modelId);
        }
        Set<String> models = new LinkedHashSet<>();
        for (InferenceProfileModel model : bedrock.getInferenceProfile(b -> b.inferenceProfileIdentifier(modelId))
                .models()) {
            // The same model in each region the profile routes to: one read covers them.
            ModelIds.foundationModelOfArn(model.modelArn()).ifPresent(models::add);
        }
        if (models.isEmpty()) {
            throw ResourceNotFoundException.builder()
                    .message("inference profile routes to no foundation model")
                    .build();
        }
        return models;
    }

    private ModelLifecycle foundationModelLifecycle(String configuredId, String foundationModel) {
        FoundationModelLifecycle lifecycle = bedrock.getFoundationModel(b -> b.modelIdentifier(foundationModel))
                .modelDetails()
                .modelLifecycle();
        if (lifecycle == null) {
            return ModelLifecycle.unverified(configuredId);
        }
        ModelLifecycle.Status status = lifecycle.status() == FoundationModelLifecycleStatus.ACTIVE
                ? ModelLifecycle.Status.ACTIVE
                : lifecycle.status() == FoundationModelLifecycleStatus.LEGACY
                        ? ModelLifecycle.Status.LEGACY
                        : ModelLifecycle.Status.UNVERIFIED; // a status newer than this SDK: say so rather than guess
        return new ModelLifecycle(configuredId, status, Optional.ofNullable(lifecycle.endOfLifeTime()));
    }
}
