package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.local.bedrock.InferenceProfile.Geography;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.standard();

    @ParameterizedTest
    @CsvSource({
        "amazon.nova-micro-v1:0,  ACTIVE, 128000,  10000",
        "amazon.nova-lite-v1:0,   ACTIVE, 300000,  10000",
        "amazon.nova-pro-v1:0,    ACTIVE, 300000,  10000",
        "amazon.nova-2-lite-v1:0, ACTIVE, 1000000, 65535",
        "amazon.titan-text-express-v1,   END_OF_LIFE, 8192,  8192",
        "amazon.titan-text-lite-v1,      END_OF_LIFE, 4096,  4096",
        "amazon.titan-text-premier-v1:0, END_OF_LIFE, 32000, 32000",
        "anthropic.claude-3-haiku-20240307-v1:0, LEGACY, 200000, 4096"
    })
    void knowsEachModelsLifecycleAndLimits(String modelId, ModelLifecycle lifecycle, int contextWindow, int maxOutput) {
        FoundationModel model = catalog.foundationModel(modelId).orElseThrow();

        assertThat(model.lifecycle()).isEqualTo(lifecycle);
        assertThat(model.contextWindowTokens()).isEqualTo(contextWindow);
        assertThat(model.maxOutputTokens()).isEqualTo(maxOutput);
    }

    @Test
    void everyNovaModelHasAProfileInEveryGeographyAndNoRetiredModelHasOne() {
        for (FoundationModel model : catalog.models()) {
            if (model.modelId().startsWith("amazon.nova")) {
                assertThat(model.profileGeographies())
                        .as(model.modelId())
                        .containsExactlyInAnyOrder(Geography.values());
            }
            if (model.lifecycle() == ModelLifecycle.END_OF_LIFE) {
                assertThat(model.profileGeographies()).as(model.modelId()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "us.amazon.nova-2-lite-v1:0",
                "eu.amazon.nova-2-lite-v1:0",
                "apac.amazon.nova-2-lite-v1:0",
                "global.amazon.nova-2-lite-v1:0",
                "amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock:ap-southeast-2:111122223333:inference-profile/apac.amazon.nova-2-lite-v1:0",
                "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.nova-2-lite-v1:0"
            })
    void resolvesIdsProfilesAndArnsForInferenceToTheFoundationModel(String modelId) {
        assertThat(catalog.modelForInference(modelId))
                .map(FoundationModel::modelId)
                .contains("amazon.nova-2-lite-v1:0");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "nova",
                "us.",
                ".amazon.nova-2-lite-v1:0",
                "us.amazon.nova-2-lite-v1",
                "eu.us.amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock:us-east-1::foundation-model/",
                "arn:aws:bedrock:us-east-1::inference-profile/us.amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock::123456789012:inference-profile/us.amazon.nova-2-lite-v1:0",
                "arn:aws:s3:us-east-1::foundation-model/amazon.nova-2-lite-v1:0"
            })
    void resolvesNothingElse(String modelId) {
        assertThat(catalog.modelForInference(modelId)).isEmpty();
    }

    @Test
    void aFoundationModelLookupIgnoresProfiles() {
        assertThat(catalog.foundationModel("us.amazon.nova-2-lite-v1:0")).isEmpty();
        assertThat(catalog.inferenceProfile("amazon.nova-2-lite-v1:0")).isEmpty();
    }

    @Test
    void aProfileRoutesToItsGeographysRegions() {
        InferenceProfile us =
                catalog.inferenceProfile("us.amazon.nova-micro-v1:0").orElseThrow();

        assertThat(us.id()).isEqualTo("us.amazon.nova-micro-v1:0");
        assertThat(us.modelArns())
                .containsExactly(
                        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
                        "arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-micro-v1:0",
                        "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-micro-v1:0");
        assertThat(Geography.GLOBAL.regions())
                .containsAll(Geography.US.regions())
                .containsAll(Geography.EU.regions());
    }
}
