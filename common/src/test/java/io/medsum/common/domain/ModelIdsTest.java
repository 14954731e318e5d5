package io.medsum.common.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelIdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "us.amazon.nova-2-lite-v1:0",
                "eu.amazon.nova-micro-v1:0",
                "apac.amazon.nova-lite-v1:0",
                "global.amazon.nova-2-lite-v1:0",
                "us-gov.amazon.nova-pro-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
            })
    void inferenceProfilesAreRecognisedByGeographyPrefixOrArn(String id) {
        assertThat(ModelIds.isInferenceProfile(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "amazon.nova-2-lite-v1:0",
                "amazon.titan-text-express-v1",
                "anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
                "nodot"
            })
    void foundationModelsAreNotInferenceProfiles(String id) {
        assertThat(ModelIds.isInferenceProfile(id)).isFalse();
    }

    @Test
    void theFoundationModelIdIsReadFromItsArn() {
        assertThat(ModelIds.foundationModelOfArn("arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-2-lite-v1:0"))
                .contains("amazon.nova-2-lite-v1:0");
        assertThat(ModelIds.foundationModelOfArn("arn:aws:bedrock:us-west-2:1:inference-profile/us.x"))
                .isEmpty();
    }

    @Test
    void theDefaultIsAnInferenceProfileOfAnAmazonNovaModel() {
        assertThat(ModelIds.isInferenceProfile(ModelIds.DEFAULT)).isTrue();
        assertThat(ModelIds.DEFAULT).contains("amazon.nova").doesNotContain("titan");
    }
}
