package io.medsum.local.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRouteTest {
    @Test
    void routesConverse() {
        assertThat(ModelRoute.of("POST", "/model/us.amazon.nova-2-lite-v1:0/converse"))
                .contains(new ModelRoute(BedrockOperation.CONVERSE, "us.amazon.nova-2-lite-v1:0"));
    }

    @Test
    void decodesAnArnThatWasEncodedAsOneSegment() {
        assertThat(
                        ModelRoute.of(
                                "POST",
                                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-2-lite-v1%3A0/converse"))
                .map(ModelRoute::modelId)
                .contains("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-2-lite-v1:0");
    }

    @Test
    void keepsAPlusAsAPlus() {
        assertThat(ModelRoute.of("POST", "/model/a+b/converse"))
                .map(ModelRoute::modelId)
                .contains("a+b");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/model//converse",
                "/model/x/converse/extra",
                "/model/x/converse-stream",
                "/model/x/invoke",
                "/model/x/invoke-with-response-stream",
                "/models/x/converse",
                "model/x/converse",
                "/model/arn:aws/x/converse"
            })
    void ignoresOtherPathsIncludingInvokeModel(String path) {
        assertThat(ModelRoute.of("POST", path)).isEmpty();
    }

    @Test
    void onlyPostIsAnOperation() {
        assertThat(ModelRoute.of("GET", "/model/x/converse")).isEmpty();
    }
}
